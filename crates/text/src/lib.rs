//! petrochip's text grammars, apart from the pipeline so that they build and test in seconds
//! (no polars) and can serve other readers of running text.
//!
//! - [`text`]: folding what people type into comparable keys (with a map back to the original
//!   bytes), word counts, identifiers.
//! - [`grammar`]: the tokenizer (tokens keep their byte spans) and the error both grammars
//!   report.
//! - [`number`]: a figure as written ("22,1 milliards de $", "$22.1 billion") to a value, a unit
//!   (an open set: any currency, energy, mass, prices per unit) and a qualifier, in the
//!   source's [`NumberStyle`].
//! - [`period`]: a period as written ("dernier trimestre 2023", "Q3 fiscal 2025") to its bounds.
//! - [`derive`]: figures computed from stated ones, with units that must agree.
//! - [`scan`]: running text to findings (figures, dates, periods, names, new names), each with
//!   its exact bytes, read by the same grammars as cells.

pub mod derive;
pub mod gazetteer;
pub mod grammar;
pub mod invariants;
mod lookup;
pub mod number;
pub mod period;
pub mod scan;
pub mod text;

pub use derive::{DeriveError, Derived, derive};
pub use grammar::GrammarError;
pub use number::{
    Currency, Energy, Mass, NumberStyle, Qualifier, Quantity, QuantityKind, Unit, parse_quantity,
    parse_quantity_styled, scan_quantities, scan_quantity,
};
pub use period::{Period, PeriodKind, parse_date, parse_period};
pub use text::{
    canonical, edit_distance, fold, fold_with_map, invisible, mixed_script_word, snake_case,
    to_nfc, word_count,
};
