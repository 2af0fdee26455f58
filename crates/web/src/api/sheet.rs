//! What the spreadsheet imports of the registers take and answer.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ImportParams {
    /// The file's name; `.xlsx` or `.csv` says how to read the body.
    pub file: String,
}

/// How many records a sheet brought in.
#[derive(Debug, Serialize, ToSchema)]
pub struct Imported {
    pub records: usize,
}
