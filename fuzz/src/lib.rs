//! Shared pieces of the fuzz targets: input decoders ([`gen`]), the invariants the text API
//! must keep ([`invariants`]) and an independent reference implementation of the two check
//! algorithms ([`reference`]) for the differential target.

pub mod cli;
pub mod gen;
pub mod invariants;
pub mod reference;
