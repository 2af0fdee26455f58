//! Investment-promotion events (招商推介活动): 中博会 editions, events in China, east-bound
//! trips of central and western zones, trips abroad; registration of enterprises and zones
//! with the organiser's approval; B2B meeting requests and the scheduler that builds the
//! timetable; each participant's agenda as an iCalendar file.

mod scheduler;
#[cfg(test)]
mod scheduler_props;

pub use scheduler::{
    Assignment, Attendee, MAX_SLOTS, PairRequest, ScheduleError, Timetable, schedule,
};
