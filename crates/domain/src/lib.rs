//! The domain of gowest: the programme's types and rules, free of I/O.
//!
//! Everything here is deterministic: time comes in through [`clock::Clock`], and
//! nothing reads files, the network or a database.

pub mod access;
pub mod account;
pub mod attachment;
pub mod audit;
pub mod capability;
pub mod change;
pub mod clock;
pub mod cooperation;
pub mod decimal;
pub mod demand;
pub mod distributors;
pub mod enterprise;
pub mod error;
pub mod evaluation;
pub mod events;
pub mod farm_trade;
pub mod funds;
pub mod geo;
pub mod ids;
pub mod industry;
pub mod input;
pub mod labour;
pub mod listing;
pub mod location_query;
pub mod login_throttle;
pub mod logistics;
pub mod markets;
pub mod matching;
pub mod money;
pub mod org;
pub mod outsourcing;
pub mod pipeline;
pub mod port;
pub mod prices;
pub mod project;
pub mod recycling;
pub mod reference;
pub mod region;
pub mod returns;
pub mod rural;
pub mod targets;
#[cfg(test)]
mod test_catalog;
pub mod todos;
pub mod training;
pub mod zone;
pub mod zone_filter;
pub mod zone_input;

pub use error::{FieldError, Validation};
