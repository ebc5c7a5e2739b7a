//! Work spread over every core only where there is enough of it: handing a few hundred rows
//! to rayon's pool costs more than it saves (a seed run would pay it for every table), so
//! below [`PARALLEL_FROM`] items the same function runs on the calling thread. Either way the
//! results come in the items' order.

use rayon::prelude::*;

/// Items from which a map is spread over the pool.
pub const PARALLEL_FROM: usize = 4096;

/// `f` of each item, in order.
pub fn map<'a, T: Sync, R: Send>(items: &'a [T], f: impl Fn(&'a T) -> R + Sync + Send) -> Vec<R> {
    if items.len() < PARALLEL_FROM {
        items.iter().map(f).collect()
    } else {
        items.par_iter().map(f).collect()
    }
}

/// `f` of each item with its position, in order.
pub fn map_indexed<'a, T: Sync, R: Send>(
    items: &'a [T],
    f: impl Fn(usize, &'a T) -> R + Sync + Send,
) -> Vec<R> {
    if items.len() < PARALLEL_FROM {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| f(i, item))
            .collect()
    } else {
        items
            .par_iter()
            .enumerate()
            .map(|(i, item)| f(i, item))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    /// Below and above the threshold, the same results in the items' order.
    #[test]
    fn both_ways_give_the_results_in_order() {
        for n in [
            0,
            3,
            super::PARALLEL_FROM - 1,
            super::PARALLEL_FROM,
            3 * super::PARALLEL_FROM + 1,
        ] {
            let items: Vec<usize> = (0..n).collect();
            let doubled: Vec<usize> = (0..n).map(|i| 2 * i).collect();
            assert_eq!(super::map(&items, |i| 2 * i), doubled, "{n}");
            let indexed: Vec<(usize, usize)> = (0..n).map(|i| (i, i)).collect();
            assert_eq!(
                super::map_indexed(&items, |i, &item| (i, item)),
                indexed,
                "{n}"
            );
        }
    }
}
