//! Investment-promotion events (招商推介活动): 中博会 editions, events in China, east-bound
//! trips of central and western zones, trips abroad; registration of enterprises and zones
//! with the organiser's approval; B2B meeting requests and the scheduler that builds the
//! timetable; each participant's agenda as an iCalendar file.

mod ics;
mod programme;
mod registration;
mod scheduler;
#[cfg(test)]
mod scheduler_props;

pub use ics::{AgendaItem, agenda_ics, escape_text, fold};
pub use programme::{EventInput, EventKind, EventProgramme};
pub use registration::{
    MeetingRequest, MeetingRequestInput, Registration, RegistrationInput, RegistrationStatus,
};
pub use scheduler::{
    Assignment, Attendee, MAX_SLOTS, PairRequest, ScheduleError, Timetable, schedule,
};
