//! petrochip's text grammars, apart from the pipeline so that they build and test in seconds
//! (no polars) and can serve other readers of running text.
//!
//! - [`text`]: folding what people type into comparable keys, word counts, identifiers.
//! - [`grammar`]: the tokenizer and the error both grammars report.
//! - [`number`]: a figure as written ("22,1 milliards de $") to a value, a unit and a qualifier.
//! - [`period`]: a period as written ("dernier trimestre 2023") to its bounds.
//! - [`derive`]: figures computed from stated ones, with units that must agree.

pub mod derive;
pub mod grammar;
pub mod number;
pub mod period;
pub mod text;

pub use derive::{DeriveError, Derived, derive};
pub use grammar::GrammarError;
pub use number::{Qualifier, Quantity, Unit, parse_quantity};
pub use period::{Period, PeriodKind, parse_date, parse_period};
pub use text::{canonical, edit_distance, fold, fold_with_map, snake_case, word_count};
