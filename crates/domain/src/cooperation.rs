//! East–west zone cooperation (notice §5.2): cooperation agreements between an eastern zone
//! and central/western zones with targets and milestones, and co-built parks (共建园区) whose
//! tax and output sharing is kept as a ledger of its own, apart from the host zone's
//! statistics (在地统计 books everything to the host, so the promised shares would vanish).

mod agreement;
mod milestone;
mod park;

pub use agreement::{
    Agreement, AgreementInput, AgreementKind, AgreementProgress, PARTNER_REGIONS, Party,
};
pub use milestone::{Milestone, MilestoneInput, MilestoneState, MilestoneStatus, MilestoneUpdate};
pub use park::{
    CoBuiltPark, ManagementModel, ParkInput, SharingEntry, SharingInput, SharingKind, SharingTotals,
};
