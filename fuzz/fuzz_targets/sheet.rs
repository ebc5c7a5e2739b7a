//! The sheet reader on any bytes: it never panics, and the rows it reads have lines in order,
//! after the header and within the text.
//!
//! Each input is read as one sheet type, the one its first two header cells name (as in raw/),
//! else the one its first byte picks: reading every input as all 18 types made each run 18
//! times slower for little more reach.
#![no_main]

use libfuzzer_sys::fuzz_target;
use petrochip::ingest::read_sheet_bytes;
use petrochip::domains::energy::{EnergyConcernRow, MitigationRow};
use petrochip::domains::entities::{AliasRow, EntityRow};
use petrochip::domains::figures::FigureRow;
use petrochip::domains::geopolitics::{DatacentreFactorRow, OilRegionRow, PositionRow};
use petrochip::domains::initiatives::InitiativeRow;
use petrochip::domains::materials::{ByproductRow, MaterialRow, MaterialSourceRow};
use petrochip::domains::producers::ProducerRow;
use petrochip::domains::reference::{CountryRow, ElementRow};
use petrochip::domains::sources::{AuthorRow, SourceRow};
use petrochip::domains::users::CorporateUserRow;
use serde::de::DeserializeOwned;

fn read<T: DeserializeOwned>(data: &[u8]) {
    match read_sheet_bytes::<T>("raw/fuzz.csv", data) {
        Ok(records) => {
            // LF, CR LF and a lone CR each end a line, as in a spreadsheet.
            let breaks = data
                .iter()
                .enumerate()
                .filter(|&(i, b)| *b == b'\n' || (*b == b'\r' && data.get(i + 1) != Some(&b'\n')))
                .count();
            let lines = 1 + breaks as u64;
            let mut previous = 1;
            for record in &records {
                assert!(
                    record.line > previous && record.line <= lines,
                    "line {} after {previous}, of {lines}",
                    record.line
                );
                previous = record.line;
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                let _ = e.to_string();
            }
        }
    }
}

/// Each sheet type, by the first two cells of its header.
const READERS: &[(&str, fn(&[u8]))] = &[
    ("source_id,title", read::<SourceRow>),
    ("author_order,person", read::<AuthorRow>),
    ("entity_id,entity_type", read::<EntityRow>),
    ("alias,entity_id", read::<AliasRow>),
    ("producers,role", read::<ProducerRow>),
    ("initiative_id,actor", read::<InitiativeRow>),
    ("material,name_en", read::<MaterialRow>),
    ("materials,hosts", read::<ByproductRow>),
    ("materials,countries", read::<MaterialSourceRow>),
    ("stage,activities", read::<EnergyConcernRow>),
    ("mitigation_id,name_fr", read::<MitigationRow>),
    ("companies,nationality", read::<CorporateUserRow>),
    ("figure_id,subject", read::<FigureRow>),
    ("region_id,name_fr", read::<OilRegionRow>),
    ("rank,name_fr", read::<DatacentreFactorRow>),
    ("entities,domain", read::<PositionRow>),
    ("alpha2,alpha3", read::<CountryRow>),
    ("atomic_number,symbol", read::<ElementRow>),
];

fuzz_target!(|data: &[u8]| {
    let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let reader = READERS
        .iter()
        .find(|(header, _)| body.starts_with(header.as_bytes()))
        .or_else(|| READERS.get(usize::from(*data.first()?) % READERS.len()));
    if let Some((_, read)) = reader {
        read(data);
    }
});
