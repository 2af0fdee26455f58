//! Properties of the B2B scheduler over random events: the invariants hold for every
//! input, and the result never beats its own upper bound.

use super::scheduler::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

/// Participants 1..=n in organisations of up to three people; requests between random
/// persons of different organisations.
fn event() -> impl Strategy<Value = (Vec<Attendee>, Vec<PairRequest>, u16, u32)> {
    (2usize..40, 1u16..10, 1u32..8).prop_flat_map(|(n, slots, tables)| {
        let attendees: Vec<Attendee> = (1..=n as i64)
            .map(|p| Attendee {
                person: p,
                organisation: (p + 2) / 3,
            })
            .collect();
        let org = move |p: i64| (p + 2) / 3;
        (
            Just(attendees),
            prop::collection::vec((1..=n as i64, 1..=n as i64, 0u8..3), 0..120).prop_map(
                move |raw| {
                    raw.into_iter()
                        .filter(|&(a, b, _)| org(a) != org(b))
                        .map(|(a, b, priority)| PairRequest { a, b, priority })
                        .collect::<Vec<_>>()
                },
            ),
            Just(slots),
            Just(tables),
        )
    })
}

fn key(a: i64, b: i64) -> (i64, i64) {
    (a.min(b), a.max(b))
}

proptest! {
    #[test]
    fn no_person_or_table_is_double_booked((attendees, requests, slots, tables) in event()) {
        let t = schedule(&attendees, &requests, slots, tables).expect("valid input");
        let mut people = BTreeSet::new();
        let mut seats = BTreeSet::new();
        let mut met = BTreeSet::new();
        let asked: BTreeSet<(i64, i64)> = requests.iter().map(|r| key(r.a, r.b)).collect();
        for m in &t.assignments {
            prop_assert!(m.a != m.b);
            prop_assert!(m.slot < slots && m.table < tables);
            prop_assert!(people.insert((m.slot, m.a)), "{} twice in slot {}", m.a, m.slot);
            prop_assert!(people.insert((m.slot, m.b)), "{} twice in slot {}", m.b, m.slot);
            prop_assert!(seats.insert((m.slot, m.table)), "table {} twice", m.table);
            prop_assert!(asked.contains(&key(m.a, m.b)), "not requested");
            prop_assert!(met.insert(key(m.a, m.b)), "a request placed twice");
        }
        prop_assert_eq!(t.requested, asked.len());
        prop_assert_eq!(t.placed, t.assignments.len());
        prop_assert_eq!(t.placed + t.unplaced.len(), t.requested);
        prop_assert!(t.placed <= t.upper_bound);
    }

    #[test]
    fn the_same_input_gives_the_same_timetable((attendees, requests, slots, tables) in event()) {
        let one = schedule(&attendees, &requests, slots, tables).expect("valid input");
        let two = schedule(&attendees, &requests, slots, tables).expect("valid input");
        prop_assert_eq!(one, two);
    }

    /// The timetable is maximal: a request left out has no slot where both people and a
    /// table are still free.
    #[test]
    fn a_request_is_left_out_only_when_it_is_blocked(
        (attendees, requests, slots, tables) in event()
    ) {
        let t = schedule(&attendees, &requests, slots, tables).expect("valid input");
        let mut busy = BTreeSet::new();
        let mut used = vec![0u32; usize::from(slots)];
        for m in &t.assignments {
            busy.insert((m.slot, m.a));
            busy.insert((m.slot, m.b));
            used[usize::from(m.slot)] += 1;
        }
        for &(a, b) in &t.unplaced {
            let free = (0..slots).any(|s| {
                !busy.contains(&(s, a)) && !busy.contains(&(s, b)) && used[usize::from(s)] < tables
            });
            prop_assert!(!free, "{a}-{b} had a free slot and table");
        }
    }
}
