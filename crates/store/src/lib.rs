//! The only place with SQL. One API over SQLite (the embedded default) and PostgreSQL.
//!
//! Statements are written once in the SQL both dialects share (`$1` placeholders,
//! `ON CONFLICT`, `RETURNING`); [`db::on_pool`] and [`db::on_tx`] run them on the backend
//! in use. Migrations are numbered the same for both backends.

mod db;
mod error;

pub mod api_tokens;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod change_log;
pub mod cooperation;
pub mod demands;
pub mod distributors;
pub mod enterprises;
pub mod events;
pub mod farm_trade;
pub mod funds;
pub mod labour;
pub mod logistics;
pub mod markets;
pub mod orgs;
pub mod outsourcing;
pub mod pipeline;
pub mod prices;
pub mod projects;
pub mod recycling;
pub mod reference;
pub mod returns;
pub mod rural;
pub mod sessions;
pub mod settings;
pub mod targets;
pub mod todos;
pub mod training;
pub mod training_classes;
pub mod users;
pub mod zones;

pub use db::{Backend, ReadTx, Store, Tx};
pub use error::StoreError;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
