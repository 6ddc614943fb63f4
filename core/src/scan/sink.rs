//! Where the workers put what they classified: each piece of records is classified by one
//! worker into its own [`Part`](classify::Part), then merged by that worker — the part's runs
//! into the store's buckets (each behind its own lock), its errors and counts into the
//! scanner's tables through a [`Sink`] (behind one lock). No step waits for every worker.

use super::classify::{self, ErrRec, RegionKey, LOCAL_BASE, TEXT_BASE, UNKNOWN_REGION};
use super::tally::{FastMap, TallyMap};
use super::{names, store};

/// Records per piece: what one worker classifies and merges at a time.
pub(super) const PIECE: usize = 1 << 13;

/// A worker thread's scratch part and counts.
#[derive(Default)]
pub(super) struct Worker {
    pub(super) counts: classify::Counts,
    pub(super) part: classify::Part,
}

/// What the workers merge their parts into, one at a time (the buckets have locks of their
/// own): the scanner's errors, region tables and counts. Made by [`Sink::new`] only (no
/// `Default`: an empty `kinds` would not match a part's counters).
pub(super) struct Sink {
    pub(super) errors: Vec<ErrRec>,
    pub(super) regions: TallyMap<RegionKey>,
    /// The regions of valid records that are not their code's own (from a region column).
    pub(super) region_slots: store::Regions,
    pub(super) kinds: Vec<u64>,
    pub(super) texts: Vec<String>,
    pub(super) text_ids: FastMap<u64, Vec<u32>>,
    pub(super) valid_named: u64,
    pub(super) valid_nameless: u64,
}

impl Sink {
    /// An empty sink, with a counter for every error kind (a part's counts are added to them
    /// pairwise).
    pub(super) fn new() -> Sink {
        Sink {
            errors: Vec::new(),
            regions: TallyMap::default(),
            region_slots: store::Regions::default(),
            kinds: vec![0; crate::Kind::ALL.len()],
            texts: Vec::new(),
            text_ids: FastMap::default(),
            valid_named: 0,
            valid_nameless: 0,
        }
    }

    /// Takes a part's errors and counts, its worker-local region ids made global first (and
    /// its entries' slots with them); keeps at most about `2 × max_listed` errors.
    pub(super) fn merge(&mut self, part: &mut classify::Part, max_listed: usize) {
        self.localize(part);
        self.regions.merge(&part.text_regions);
        for (a, b) in self.kinds.iter_mut().zip(&part.kinds) {
            *a += b;
        }
        self.valid_named += part.valid_named;
        self.valid_nameless += part.valid_nameless;
        self.errors.append(&mut part.errors);
        // Only the errors that can still be listed are kept (the smallest rows, whatever the
        // order they came in).
        if self.errors.len() > max_listed.saturating_mul(2).max(1024) {
            self.errors.sort_unstable();
            self.errors.truncate(max_listed);
        }
    }

    /// Worker-local region-column ids become global ones, and so do the entries' slots.
    fn localize(&mut self, part: &mut classify::Part) {
        if part.texts.is_empty() && part.slots.is_empty() {
            return;
        }
        let map: Vec<RegionKey> = part.texts.iter().map(|t| self.text_id(t)).collect();
        let f = |k: RegionKey| {
            if k != UNKNOWN_REGION && k >= LOCAL_BASE {
                map[(k - LOCAL_BASE) as usize]
            } else {
                k
            }
        };
        if !part.texts.is_empty() {
            part.text_regions = part.text_regions.remap(f);
        }
        if !part.slots.is_empty() {
            let slots: Vec<(u32, RegionKey)> = part
                .slots
                .iter()
                .map(|&k| {
                    let k = f(k);
                    (self.region_slots.slot(k), k)
                })
                .collect();
            for e in part.buckets.iter_mut().flatten().filter(|e| e.slot() != 0) {
                let (s, k) = slots[e.slot() as usize - 1];
                if s == store::SLOTS {
                    self.region_slots.by_row(e.row, k);
                }
                e.set_slot(s);
            }
        }
    }

    fn text_id(&mut self, t: &str) -> RegionKey {
        let h = names::hash(t);
        let ids = self.text_ids.entry(h).or_default();
        if let Some(&i) = ids.iter().find(|&&i| self.texts[i as usize] == t) {
            return TEXT_BASE + i;
        }
        let i = self.texts.len() as u32;
        ids.push(i);
        self.texts.push(t.to_string());
        TEXT_BASE + i
    }
}
