//! The B2B meeting scheduler (洽谈对接排程): from the participants, their meeting requests,
//! the number of time slots and of tables, a timetable that books no person and no table
//! twice in one slot and places as many requested meetings as it can.
//!
//! Placing the most meetings is edge colouring with a capacity per colour, NP-hard in
//! general, so the scheduler is a heuristic with a reported upper bound:
//! 1. greedy by scarcity: the request with the fewest slots still open to both people goes
//!    first (ties: higher priority, then input order), into the open slot that closes the
//!    fewest options of the two people's other waiting requests;
//! 2. improvement: a request left out is placed by moving the one or two meetings that
//!    block it in some slot to other slots where their people and a table are free, or else
//!    by a Kempe swap (exchanging two slots along the chain of meetings that blocks it); both
//!    keep every placed meeting and add one; passes repeat until one adds nothing.
//!
//! Everything is ordered by indices, never by hashing, so one input gives one timetable.

use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use utoipa::ToSchema;

/// Slots are kept as bits of a `u128`: a three-day event of 20-minute slots, eight hours a
/// day, needs 72.
pub const MAX_SLOTS: u16 = 128;

/// A person who may meet, and the organisation they come for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Attendee {
    pub person: i64,
    pub organisation: i64,
}

/// `a` asked to meet `b`; a higher priority is placed first among equally constrained
/// requests. A request and its mirror (b asked a) are one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PairRequest {
    pub a: i64,
    pub b: i64,
    pub priority: u8,
}

/// One placed meeting: slot and table are 0-based indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Assignment {
    pub slot: u16,
    pub table: u32,
    pub a: i64,
    pub b: i64,
}

/// The timetable with how good it is: `placed` of `requested` distinct pairs, against an
/// `upper_bound` no timetable can beat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Timetable {
    /// Sorted by slot, then table.
    pub assignments: Vec<Assignment>,
    pub requested: usize,
    pub placed: usize,
    pub upper_bound: usize,
    /// The distinct pairs left out, as (a, b) of the request kept.
    pub unplaced: Vec<(i64, i64)>,
}

/// Why a scheduling input cannot be run. Requests are checked when they are made, so these
/// mean the caller passed data the event's rules would have refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("slots must be between 1 and {MAX_SLOTS}, got {0}")]
    Slots(u16),
    #[error("at least one table is needed")]
    NoTables,
    #[error("person {0} is listed twice")]
    DuplicateAttendee(i64),
    #[error("person {0} cannot meet themselves")]
    SelfMeeting(i64),
    #[error("person {0} is not a participant")]
    UnknownPerson(i64),
    #[error("persons {0} and {1} come for the same organisation")]
    SameOrganisation(i64, i64),
}

/// A request by participant index, after merging mirrors.
#[derive(Debug, Clone, Copy)]
struct Pair {
    a: usize,
    b: usize,
    priority: u8,
}

/// The working state: who sits where, slot by slot.
struct Board {
    slots: usize,
    tables: usize,
    all: u128,
    /// `busy[p]`: the slots where person p already meets.
    busy: Vec<u128>,
    /// `at[p * slots + s]`: the pair person p meets in slot s.
    at: Vec<Option<usize>>,
    /// `slot_of[r]`: where pair r is placed.
    slot_of: Vec<Option<usize>>,
    used: Vec<usize>,
    /// Slots whose tables are all taken.
    full: u128,
}

impl Board {
    fn new(persons: usize, pairs: usize, slots: usize, tables: usize) -> Self {
        let all = if slots == 128 {
            u128::MAX
        } else {
            (1u128 << slots) - 1
        };
        Board {
            slots,
            tables,
            all,
            busy: vec![0; persons],
            at: vec![None; persons * slots],
            slot_of: vec![None; pairs],
            used: vec![0; slots],
            full: 0,
        }
    }

    fn open(&self, p: Pair) -> u128 {
        self.all & !(self.busy[p.a] | self.busy[p.b] | self.full)
    }

    fn place(&mut self, r: usize, p: Pair, s: usize) {
        self.busy[p.a] |= 1 << s;
        self.busy[p.b] |= 1 << s;
        self.at[p.a * self.slots + s] = Some(r);
        self.at[p.b * self.slots + s] = Some(r);
        self.slot_of[r] = Some(s);
        self.used[s] += 1;
        if self.used[s] == self.tables {
            self.full |= 1 << s;
        }
    }

    fn remove(&mut self, r: usize, p: Pair) {
        if let Some(s) = self.slot_of[r].take() {
            self.busy[p.a] &= !(1 << s);
            self.busy[p.b] &= !(1 << s);
            self.at[p.a * self.slots + s] = None;
            self.at[p.b * self.slots + s] = None;
            self.used[s] -= 1;
            self.full &= !(1 << s);
        }
    }
}

fn bits(mut set: u128) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (set != 0).then(|| {
            let s = set.trailing_zeros() as usize;
            set &= set - 1;
            s
        })
    })
}

/// Checks the input, merges mirrored requests, returns the pairs by participant index.
fn prepare(attendees: &[Attendee], requests: &[PairRequest]) -> Result<Vec<Pair>, ScheduleError> {
    let mut index: Vec<(i64, usize)> = attendees
        .iter()
        .enumerate()
        .map(|(i, x)| (x.person, i))
        .collect();
    index.sort_unstable();
    if let Some(w) = index.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(ScheduleError::DuplicateAttendee(w[0].0));
    }
    let find = |person: i64| {
        index
            .binary_search_by_key(&person, |x| x.0)
            .map(|k| index[k].1)
            .map_err(|_| ScheduleError::UnknownPerson(person))
    };
    let mut pairs: Vec<Pair> = Vec::with_capacity(requests.len());
    let mut seen: Vec<((usize, usize), usize)> = Vec::with_capacity(requests.len());
    for r in requests {
        if r.a == r.b {
            return Err(ScheduleError::SelfMeeting(r.a));
        }
        let (a, b) = (find(r.a)?, find(r.b)?);
        if attendees[a].organisation == attendees[b].organisation {
            return Err(ScheduleError::SameOrganisation(r.a, r.b));
        }
        seen.push(((a.min(b), a.max(b)), pairs.len()));
        pairs.push(Pair {
            a,
            b,
            priority: r.priority,
        });
    }
    // One pair per unordered couple: the first request, with the highest priority asked.
    seen.sort_unstable();
    let mut keep = vec![false; pairs.len()];
    for group in seen.chunk_by(|x, y| x.0 == y.0) {
        let first = group[0].1;
        keep[first] = true;
        pairs[first].priority = group.iter().map(|g| pairs[g.1].priority).max().unwrap_or(0);
    }
    Ok(pairs
        .into_iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(p))
        .collect())
}

/// Builds the timetable. Deterministic: the same input gives the same output.
pub fn schedule(
    attendees: &[Attendee],
    requests: &[PairRequest],
    slots: u16,
    tables: u32,
) -> Result<Timetable, ScheduleError> {
    if slots == 0 || slots > MAX_SLOTS {
        return Err(ScheduleError::Slots(slots));
    }
    if tables == 0 {
        return Err(ScheduleError::NoTables);
    }
    let pairs = prepare(attendees, requests)?;
    let (slots, tables) = (usize::from(slots), tables as usize);
    let mut of_person: Vec<Vec<usize>> = vec![Vec::new(); attendees.len()];
    for (r, p) in pairs.iter().enumerate() {
        of_person[p.a].push(r);
        of_person[p.b].push(r);
    }
    let mut board = Board::new(attendees.len(), pairs.len(), slots, tables);
    greedy(&pairs, &of_person, &mut board);
    while improve(&pairs, &mut board) {}
    Ok(timetable(attendees, &pairs, &of_person, &board))
}

/// Step 1. A heap of (open slots, priority, index) with lazy updates: a pair's open count
/// only falls, so each fall pushes a fresh entry and stale ones are skipped when popped.
fn greedy(pairs: &[Pair], of_person: &[Vec<usize>], board: &mut Board) {
    let key = |b: &Board, r: usize| b.open(pairs[r]).count_ones();
    let mut count: Vec<u32> = (0..pairs.len()).map(|r| key(board, r)).collect();
    let mut heap: BinaryHeap<Reverse<(u32, Reverse<u8>, usize)>> = (0..pairs.len())
        .map(|r| Reverse((count[r], Reverse(pairs[r].priority), r)))
        .collect();
    let mut done = vec![false; pairs.len()];
    while let Some(Reverse((c, _, r))) = heap.pop() {
        if done[r] || c != count[r] {
            continue;
        }
        done[r] = true;
        let p = pairs[r];
        let open = board.open(p);
        if open == 0 {
            continue;
        }
        // The open slot that the fewest waiting requests of a and b could still use.
        let waiting: Vec<usize> = of_person[p.a]
            .iter()
            .chain(&of_person[p.b])
            .copied()
            .filter(|&q| !done[q])
            .collect();
        let s = bits(open)
            .min_by_key(|&s| {
                waiting
                    .iter()
                    .filter(|&&q| board.open(pairs[q]) & (1 << s) != 0)
                    .count()
            })
            .unwrap_or(0);
        let was_full = board.full;
        board.place(r, p, s);
        let touched: Vec<usize> = if board.full != was_full {
            (0..pairs.len()).filter(|&q| !done[q]).collect()
        } else {
            waiting
        };
        for q in touched {
            let c = key(board, q);
            if c != count[q] {
                count[q] = c;
                heap.push(Reverse((c, Reverse(pairs[q].priority), q)));
            }
        }
    }
}

/// Moves placed pair `r` out of its slot into another slot open to it; false (and nothing
/// changed) when there is none. `avoid` is the slot being cleared.
fn relocate(pairs: &[Pair], board: &mut Board, r: usize, avoid: usize) -> bool {
    let p = pairs[r];
    let Some(from) = board.slot_of[r] else {
        return false;
    };
    board.remove(r, p);
    let open = board.open(p) & !(1 << avoid) & !(1 << from);
    match bits(open).next() {
        Some(s) => {
            board.place(r, p, s);
            true
        }
        None => {
            board.place(r, p, from);
            false
        }
    }
}

/// Step 2, one pass: for each pair left out, each slot, try clearing its blockers.
fn improve(pairs: &[Pair], board: &mut Board) -> bool {
    let mut added = false;
    for r in 0..pairs.len() {
        if board.slot_of[r].is_some() {
            continue;
        }
        let p = pairs[r];
        if (0..board.slots).any(|s| try_slot(pairs, board, r, p, s))
            || try_kempe(pairs, board, r, p)
        {
            added = true;
        }
    }
    added
}

/// A Kempe swap: with slot α free for a and β free for b, the meetings reachable from b by
/// alternating α and β form a path that starts at b; exchanging α and β along it frees b in
/// α without moving a (the swap is refused when the path reaches a, or when a slot would need
/// more tables than it has), and the pair is seated in α.
fn try_kempe(pairs: &[Pair], board: &mut Board, r: usize, p: Pair) -> bool {
    let free = |b: &Board, x: usize| b.all & !b.busy[x];
    for alpha in bits(free(board, p.a)) {
        for beta in bits(free(board, p.b) & !(1 << alpha)) {
            let Some(path) = kempe_path(pairs, board, p, (alpha, beta)) else {
                continue;
            };
            let in_alpha = path
                .iter()
                .filter(|&&q| board.slot_of[q] == Some(alpha))
                .count();
            let in_beta = path.len() - in_alpha;
            // α gains the β meetings and the new one, and loses its own; β the reverse.
            let fits = board.used[alpha] + in_beta < board.tables + in_alpha
                && board.used[beta] + in_alpha <= board.tables + in_beta;
            if !fits {
                continue;
            }
            let moves: Vec<(usize, usize)> = path
                .iter()
                .map(|&q| {
                    (
                        q,
                        if board.slot_of[q] == Some(alpha) {
                            beta
                        } else {
                            alpha
                        },
                    )
                })
                .collect();
            for &(q, _) in &moves {
                board.remove(q, pairs[q]);
            }
            for &(q, to) in &moves {
                board.place(q, pairs[q], to);
            }
            board.place(r, p, alpha);
            return true;
        }
    }
    false
}

/// The α/β path from b (which is free in β), or `None` when it reaches a.
fn kempe_path(
    pairs: &[Pair],
    board: &Board,
    p: Pair,
    (alpha, beta): (usize, usize),
) -> Option<Vec<usize>> {
    let mut path = Vec::new();
    let (mut at, mut slot) = (p.b, alpha);
    while let Some(q) = board.at[at * board.slots + slot] {
        let other = if pairs[q].a == at {
            pairs[q].b
        } else {
            pairs[q].a
        };
        if other == p.a {
            return None;
        }
        path.push(q);
        at = other;
        slot = if slot == alpha { beta } else { alpha };
    }
    Some(path)
}

fn try_slot(pairs: &[Pair], board: &mut Board, r: usize, p: Pair, s: usize) -> bool {
    let mut blockers: Vec<usize> = [p.a, p.b]
        .iter()
        .filter_map(|&x| board.at[x * board.slots + s])
        .collect();
    blockers.dedup();
    let mut moved: Vec<(usize, usize)> = Vec::new();
    for &q in &blockers {
        let from = board.slot_of[q].unwrap_or(s);
        if relocate(pairs, board, q, s) {
            moved.push((q, from));
        } else {
            undo(pairs, board, &moved);
            return false;
        }
    }
    if board.used[s] == board.tables {
        // Both people free but every table taken: move any one meeting of the slot away.
        let sitting: Vec<usize> = (0..pairs.len())
            .filter(|&q| board.slot_of[q] == Some(s))
            .collect();
        if !sitting.iter().any(|&q| relocate(pairs, board, q, s)) {
            undo(pairs, board, &moved);
            return false;
        }
    }
    board.place(r, p, s);
    true
}

fn undo(pairs: &[Pair], board: &mut Board, moved: &[(usize, usize)]) {
    for &(q, from) in moved.iter().rev() {
        board.remove(q, pairs[q]);
        board.place(q, pairs[q], from);
    }
}

/// Numbers tables within each slot and computes the bound.
fn timetable(
    attendees: &[Attendee],
    pairs: &[Pair],
    of_person: &[Vec<usize>],
    board: &Board,
) -> Timetable {
    let mut placed: Vec<(usize, usize)> = (0..pairs.len())
        .filter_map(|r| board.slot_of[r].map(|s| (s, r)))
        .collect();
    placed.sort_unstable();
    let mut assignments = Vec::with_capacity(placed.len());
    for group in placed.chunk_by(|x, y| x.0 == y.0) {
        for (table, &(s, r)) in group.iter().enumerate() {
            assignments.push(Assignment {
                slot: s as u16,
                table: table as u32,
                a: attendees[pairs[r].a].person,
                b: attendees[pairs[r].b].person,
            });
        }
    }
    let per_person: usize = of_person.iter().map(|q| q.len().min(board.slots)).sum();
    let upper_bound = (per_person / 2)
        .min(board.slots * board.tables)
        .min(pairs.len());
    let unplaced = (0..pairs.len())
        .filter(|&r| board.slot_of[r].is_none())
        .map(|r| (attendees[pairs[r].a].person, attendees[pairs[r].b].person))
        .collect();
    Timetable {
        placed: assignments.len(),
        assignments,
        requested: pairs.len(),
        upper_bound,
        unplaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(n: i64) -> Vec<Attendee> {
        (1..=n)
            .map(|p| Attendee {
                person: p,
                organisation: p,
            })
            .collect()
    }

    fn ask(a: i64, b: i64) -> PairRequest {
        PairRequest { a, b, priority: 0 }
    }

    #[test]
    fn bad_input_is_refused_by_name() {
        let p = people(3);
        assert_eq!(
            schedule(&p, &[ask(1, 1)], 2, 1),
            Err(ScheduleError::SelfMeeting(1))
        );
        assert_eq!(
            schedule(&p, &[ask(1, 9)], 2, 1),
            Err(ScheduleError::UnknownPerson(9))
        );
        assert_eq!(schedule(&p, &[], 0, 1), Err(ScheduleError::Slots(0)));
        assert_eq!(schedule(&p, &[], 129, 1), Err(ScheduleError::Slots(129)));
        assert_eq!(schedule(&p, &[], 2, 0), Err(ScheduleError::NoTables));
        let mut twice = people(2);
        twice.push(twice[0]);
        assert_eq!(
            schedule(&twice, &[], 2, 1),
            Err(ScheduleError::DuplicateAttendee(1))
        );
        let colleagues = [
            Attendee {
                person: 1,
                organisation: 7,
            },
            Attendee {
                person: 2,
                organisation: 7,
            },
        ];
        assert_eq!(
            schedule(&colleagues, &[ask(1, 2)], 2, 1),
            Err(ScheduleError::SameOrganisation(1, 2))
        );
    }

    #[test]
    fn a_mutual_request_is_one_meeting() {
        let t = schedule(&people(2), &[ask(1, 2), ask(2, 1)], 3, 1).expect("valid");
        assert_eq!((t.requested, t.placed, t.upper_bound), (1, 1, 1));
    }

    /// A triangle needs three slots (each person meets two others, never two at once);
    /// with three slots and one table everything fits, one meeting per slot.
    #[test]
    fn a_triangle_fills_three_slots() {
        let t = schedule(&people(3), &[ask(1, 2), ask(2, 3), ask(3, 1)], 3, 1).expect("valid");
        assert_eq!(t.placed, 3);
        let slots: Vec<u16> = t.assignments.iter().map(|m| m.slot).collect();
        assert_eq!(slots, [0, 1, 2]);
    }

    /// A triangle cannot fit in two slots: the third meeting would need one of its people
    /// twice. The bound by person (3) is above what fits; the bound by tables (2 slots ×
    /// 1 table) is exact.
    #[test]
    fn the_bound_limits_by_tables() {
        let t = schedule(&people(3), &[ask(1, 2), ask(2, 3), ask(3, 1)], 2, 1).expect("valid");
        assert_eq!((t.placed, t.upper_bound), (2, 2));
        assert_eq!(t.unplaced.len(), 1);
    }

    /// A bad start for the path 3-1-2-4 in two slots: 1-3 in slot 0 and 2-4 in slot 1 leave
    /// 1-2 no slot. The improvement step moves 1-3 to slot 1 and seats 1-2 in slot 0.
    #[test]
    fn a_blocked_request_is_placed_by_moving_a_meeting() {
        let pairs = [
            Pair {
                a: 0,
                b: 1,
                priority: 0,
            },
            Pair {
                a: 0,
                b: 2,
                priority: 0,
            },
            Pair {
                a: 1,
                b: 3,
                priority: 0,
            },
        ];
        let mut board = Board::new(4, 3, 2, 2);
        board.place(1, pairs[1], 0);
        board.place(2, pairs[2], 1);
        assert_eq!(board.open(pairs[0]), 0);
        assert!(improve(&pairs, &mut board));
        assert_eq!(board.slot_of, [Some(0), Some(1), Some(1)]);
        assert!(!improve(&pairs, &mut board));
    }

    /// Every table of slot 0 is taken by strangers, 0 is busy in slot 1 and 1 in slot 2:
    /// the improvement step moves a stranger's meeting from slot 0 to slot 2's free table.
    #[test]
    fn a_full_slot_is_opened_by_moving_another_meeting() {
        let pair = |a, b| Pair { a, b, priority: 0 };
        let pairs = [
            pair(0, 1),
            pair(2, 3),
            pair(6, 7),
            pair(0, 4),
            pair(8, 9),
            pair(1, 5),
        ];
        let mut board = Board::new(10, 6, 3, 2);
        for (r, s) in [(1, 0), (2, 0), (3, 1), (4, 1), (5, 2)] {
            board.place(r, pairs[r], s);
        }
        assert_eq!(board.open(pairs[0]), 0);
        assert!(improve(&pairs, &mut board));
        assert_eq!(board.slot_of[0], Some(0));
        assert_eq!(board.slot_of[1], Some(2));
        assert_eq!(board.used, [2, 2, 2]);
    }

    /// Moving one blocker is not enough here (each one's other person is busy elsewhere),
    /// but exchanging slots 0 and 1 along the chain 1-3, 3-4 frees 1 in slot 0.
    #[test]
    fn a_kempe_swap_seats_what_single_moves_cannot() {
        let pair = |a, b| Pair { a, b, priority: 0 };
        let pairs = [pair(0, 1), pair(0, 2), pair(1, 3), pair(3, 4), pair(2, 5)];
        let mut board = Board::new(6, 5, 2, 10);
        for (r, s) in [(1, 1), (2, 0), (3, 1), (4, 0)] {
            board.place(r, pairs[r], s);
        }
        assert!(!(0..2).any(|s| try_slot(&pairs, &mut board, 0, pairs[0], s)));
        assert!(try_kempe(&pairs, &mut board, 0, pairs[0]));
        assert_eq!(board.slot_of, [Some(0), Some(1), Some(1), Some(0), Some(0)]);
    }
}
