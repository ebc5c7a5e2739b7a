//! The sheet reader on any bytes, read as every sheet type: it never panics, and the rows it
//! reads have lines in order, after the header and within the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use petrochip::ingest::read_sheet_bytes;
use petrochip::ingest::sheets::*;
use serde::de::DeserializeOwned;

fn read<T: DeserializeOwned>(data: &[u8]) {
    match read_sheet_bytes::<T>("raw/fuzz.csv", data) {
        Ok(records) => {
            let lines = 1 + data.iter().filter(|b| **b == b'\n').count() as u64;
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

fuzz_target!(|data: &[u8]| {
    read::<SourceRow>(data);
    read::<AuthorRow>(data);
    read::<EntityRow>(data);
    read::<AliasRow>(data);
    read::<ProducerRow>(data);
    read::<InitiativeRow>(data);
    read::<MaterialRow>(data);
    read::<ByproductRow>(data);
    read::<MaterialSourceRow>(data);
    read::<EnergyConcernRow>(data);
    read::<MitigationRow>(data);
    read::<CorporateUserRow>(data);
    read::<FigureRow>(data);
    read::<OilRegionRow>(data);
    read::<DatacentreFactorRow>(data);
    read::<PositionRow>(data);
    read::<CountryRow>(data);
    read::<ElementRow>(data);
});
