//! Finishing a scan: candidate codes for the listed 错码, the bucket pass, the
//! one-entity-many-codes pass, and the report itself — plus filling names and stored codes in
//! afterwards.

use std::collections::BTreeMap;
use std::sync::PoisonError;

use super::classify::{ErrRec, RegionKey, TEXT_BASE, UNKNOWN_REGION};
use super::dates::{unpack as unpack_month, MonthKey};
use super::group::{self, Answer, BucketOut, Mark, MarkClass, Query, RawGroup};
use super::store::{bucket_of, code_string, unpack, Bucket, Entry, BUCKETS, NORMALIZED};
use super::tally::{FastMap, Tally, TallyMap};
use super::{
    names, par, prefetch, Collision, DuplicateGroup, FlagClass, Flagged, Member, MonthRow,
    MultiCodeEntity, Record, RegionRow, Report, Scanner, Summary,
};
use crate::{region, Finding, Kind, Severity, MAX_INPUT_LEN};

/// What the report still needs from the input: names (row, name hash) and stored spellings of
/// valid codes (row, canonical code).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Pending {
    names: Vec<(u64, u64)>,
    codes: Vec<(u64, String)>,
    /// The name hash of every member of the lists, in their order (0: no name), for
    /// [`Report::fill_from_records`].
    by_member: Vec<u64>,
}

/// The work done for one listed 错码 before the bucket pass.
pub(super) struct ErrWork {
    pub(super) detail_zh: String,
    pub(super) detail_en: String,
    /// Where its candidate codes are in its run's vector of codes (see [`err_work`]), most
    /// likely first: the suggestions (the first `suggested`), then the other valid codes one
    /// substitution or adjacent transposition away. One vector a run of 错码, not one each:
    /// made by one worker and freed by another, each such vector was also a wait on the
    /// allocator's lock.
    at: u32,
    len: u32,
    suggested: u32,
}

impl ErrWork {
    /// The suggestion list, most likely first, from its run's `codes`.
    pub(super) fn suggestions<'a>(&self, codes: &'a [u128]) -> &'a [u128] {
        &codes[self.at as usize..][..self.suggested as usize]
    }

    /// Every candidate code, most likely first, from its run's `codes`.
    pub(super) fn candidates<'a>(&self, codes: &'a [u128]) -> &'a [u128] {
        &codes[self.at as usize..][..self.len as usize]
    }

    /// The look-ups of the candidates of the `err`-th listed 错码, named `name`: suggestions
    /// ranked from 0, the other candidates from 100.
    fn queries<'a>(
        &self,
        codes: &'a [u128],
        err: u32,
        name: u64,
    ) -> impl Iterator<Item = Query> + 'a {
        let suggested = self.suggested as usize;
        self.candidates(codes)
            .iter()
            .enumerate()
            .map(move |(r, &k)| Query {
                hi: (k >> 64) as u64,
                lo: k as u64,
                err,
                rank: if r < suggested {
                    r
                } else {
                    100 + r - suggested
                } as u16,
                name,
            })
    }
}

/// The Chinese and English messages of the listed 错码's error findings, each rendered once
/// for the whole scan: the 错码 of a batch share a few thousand distinct findings (a check
/// character, a region, a category …), and formatting each 错码's messages anew was a fifth
/// of the work done for it.
#[derive(Default)]
pub(super) struct Messages {
    index: FastMap<Finding, u32>,
    zh: Vec<String>,
    en: Vec<String>,
}

impl Messages {
    /// The messages of every error finding kept with `errors` (rendered on all cores).
    pub(super) fn of(errors: &[ErrRec]) -> Messages {
        let mut index = FastMap::default();
        let mut distinct = Vec::new();
        let findings = errors.iter().filter_map(|e| e.errors.get()).flatten();
        for f in findings.filter(|f| f.is_error()) {
            index.entry(*f).or_insert_with(|| {
                distinct.push(*f);
                distinct.len() as u32 - 1
            });
        }
        let (zh, en) = par::map(distinct, |f| (f.message_zh(), f.message_en()))
            .into_iter()
            .unzip();
        Messages { index, zh, en }
    }

    /// The details of a 错码 (its error findings' messages, joined), each built in one
    /// allocation from the table; findings not in the table are rendered here.
    fn details(&self, findings: &[Finding]) -> (String, String) {
        const MAX: usize = 8;
        let mut ids = [0u32; MAX];
        let mut n = 0;
        for f in findings.iter().filter(|f| f.is_error()) {
            match self.index.get(f) {
                Some(&i) if n < MAX => {
                    ids[n] = i;
                    n += 1;
                }
                _ => {
                    let errors = || findings.iter().filter(|f| f.is_error());
                    return (
                        joined(errors(), Finding::message_zh, "；"),
                        joined(errors(), Finding::message_en, "; "),
                    );
                }
            }
        }
        let ids = &ids[..n];
        (join(&self.zh, ids, "；"), join(&self.en, ids, "; "))
    }
}

/// `texts[i]` for each of `ids`, joined by `sep`, in one allocation.
fn join(texts: &[String], ids: &[u32], sep: &str) -> String {
    let len = ids.iter().map(|&i| texts[i as usize].len()).sum::<usize>()
        + sep.len() * ids.len().saturating_sub(1);
    let mut out = String::with_capacity(len);
    for (k, &i) in ids.iter().enumerate() {
        if k > 0 {
            out.push_str(sep);
        }
        out.push_str(&texts[i as usize]);
    }
    out
}

/// The details and candidate codes of a 错码, its messages from `messages` (an empty table
/// renders them here).
pub(super) fn err_work(
    e: &ErrRec,
    policy: &crate::Policy,
    messages: &Messages,
    codes: &mut Vec<u128>,
) -> ErrWork {
    let at = codes.len() as u32;
    if e.orig_len as usize > MAX_INPUT_LEN {
        let f = Finding::new(Kind::InputTooLong, Severity::Error).arg(e.orig_len);
        return ErrWork {
            detail_zh: f.message_zh(),
            detail_en: f.message_en(),
            at,
            len: 0,
            suggested: 0,
        };
    }
    // Diagnosed once, while scanning; a record from elsewhere is diagnosed here.
    let diagnosed: Vec<Finding>;
    let findings: &[Finding] = match e.errors.get() {
        Some(f) => f,
        None => {
            diagnosed = policy.diagnose(&e.text).findings;
            &diagnosed
        }
    };
    let (detail_zh, detail_en) = messages.details(findings);
    // The suggestions (strict policy) and the valid codes one substitution or transposition
    // away (the scan's policy) in one pass over the edits.
    let found = policy.suggest_near(&e.text, Some(policy));
    codes.extend(
        found
            .suggestions
            .iter()
            .map(|s| super::store::pack(s.code.as_bytes())),
    );
    let suggested = codes.len();
    // Each code once, at its best rank. Both lists are free of repeats (the suggestions are
    // deduplicated; the neighbours differ from the input in different positions): only a
    // neighbour that is also a suggestion is left out. (A repeat would be harmless anyway:
    // the lowest rank wins.)
    for b in &found.near {
        let k = super::store::pack(b);
        if !codes[at as usize..suggested].contains(&k) {
            codes.push(k);
        }
    }
    ErrWork {
        detail_zh,
        detail_en,
        at,
        len: codes.len() as u32 - at,
        suggested: suggested as u32 - at,
    }
}

/// The messages of `findings` joined by `sep` (a 错码 has one error finding as a rule: then
/// its message itself, with no list and no copy).
fn joined<'a>(
    mut findings: impl Iterator<Item = &'a Finding>,
    message: impl Fn(&Finding) -> String,
    sep: &str,
) -> String {
    let Some(first) = findings.next() else {
        return String::new();
    };
    let mut out = message(first);
    for f in findings {
        out.push_str(sep);
        out.push_str(&message(f));
    }
    out
}

/// The flagged line of a listed 错码 (its text and details moved, not copied), given its
/// run's candidate codes and the answers to its queries; findings kept in a vector (more
/// than two) are freed here, on the task's core.
fn flagged_error(e: &mut ErrRec, w: &mut ErrWork, codes: &[u128], answers: &[Answer]) -> Flagged {
    let pick = choose(e, w.suggestions(codes), answers);
    e.errors = super::classify::Kept::Undiagnosed;
    Flagged {
        row: e.row,
        code: std::mem::take(&mut e.text).into_string(),
        class: FlagClass::Erroneous,
        kind: Some(e.kind),
        detail_zh: std::mem::take(&mut w.detail_zh),
        detail_en: std::mem::take(&mut w.detail_en),
        suggestion: pick.map(|(k, _)| code_string(k)),
        suggestion_in_batch: pick.is_some_and(|(_, b)| b),
    }
}

impl Flagged {
    /// A line to be overwritten (nothing allocated).
    fn placeholder() -> Flagged {
        Flagged {
            row: 0,
            code: String::new(),
            class: FlagClass::Erroneous,
            kind: None,
            detail_zh: String::new(),
            detail_en: String::new(),
            suggestion: None,
            suggestion_in_batch: false,
        }
    }
}

/// The flagged line of a 重码 or repeat, and whether its code was stored in another spelling
/// (to be filled later).
fn flagged_mark(m: &Mark) -> (Flagged, bool) {
    let (zh, en) = mark_detail(m);
    let f = Flagged {
        row: m.row,
        code: code_string(m.key),
        class: match m.class {
            MarkClass::Duplicate => FlagClass::Duplicate,
            MarkClass::Repeated => FlagClass::Repeated,
        },
        kind: None,
        detail_zh: zh,
        detail_en: en,
        suggestion: None,
        suggestion_in_batch: false,
    };
    (f, m.flags & NORMALIZED != 0)
}

/// A group's members, names to be filled (see [`Report::fill_names`]).
fn members_of(g: &RawGroup) -> Vec<Member> {
    g.members
        .iter()
        .map(|m| Member {
            row: m.row,
            name: None,
            code: code_string(m.key),
        })
        .collect()
}

/// The first `max` lines of the flagged list (errors and marks, each sorted by row, merged
/// by row; a 错码 before a mark of the same row) in pieces of `piece` lines: how many errors
/// and marks come before each piece, and (last) in all.
fn merge_cuts(errors: &[ErrRec], marks: &[Mark], max: usize, piece: usize) -> Vec<(usize, usize)> {
    let mut cuts = vec![(0, 0)];
    let (mut i, mut j) = (0, 0);
    while i + j < max && (i < errors.len() || j < marks.len()) {
        if j == marks.len() || (i < errors.len() && errors[i].row <= marks[j].row) {
            i += 1;
        } else {
            j += 1;
        }
        if (i + j) % piece == 0 {
            cuts.push((i, j));
        }
    }
    if cuts.last() != Some(&(i, j)) {
        cuts.push((i, j));
    }
    cuts
}

/// The probable intended code of a 错码: (code, found in the batch).
///
/// Order of preference (the candidates of [`super::explain`]):
/// 1. the first of the record's candidates — its [suggestion list](fn@crate::suggest), most
///    likely first (this reaches insertions, deletions, spreadsheet completions and several
///    look-alikes at once), then the other codes one substitution or adjacent transposition
///    away that are valid under the scan's policy — that is in the batch carried by the same
///    entity (same normalized name), by records without names, or by anyone when the 错码
///    record itself has no name;
/// 2. else the top suggestion that is **not** in the batch under another entity's name (that
///    code belongs to someone else: proposing it would make a 重码).
fn choose(err: &ErrRec, suggestions: &[u128], answers: &[Answer]) -> Option<(u128, bool)> {
    let has_name = err.name != 0;
    let ok = |a: &Answer| !has_name || a.same_entity || !a.named;
    if let Some(a) = answers.iter().filter(|a| ok(a)).min_by_key(|a| a.rank) {
        return Some((super::store::key_of(a.hi, a.lo), true));
    }
    let taken = |k: u128| {
        answers
            .iter()
            .any(|a| !ok(a) && super::store::key_of(a.hi, a.lo) == k)
    };
    suggestions
        .iter()
        .find(|&&k| !taken(k))
        .map(|&k| (k, false))
}

pub(crate) fn finish(s: Scanner) -> Report {
    let Scanner {
        options,
        buckets,
        mut months,
        sink:
            super::sink::Sink {
                mut errors,
                mut regions,
                region_slots,
                kinds,
                texts,
                valid_named,
                valid_nameless,
                ..
            },
        skipped,
        ..
    } = s;
    let buckets: Vec<Bucket> = buckets
        .into_iter()
        .map(|b| b.into_inner().unwrap_or_else(PoisonError::into_inner))
        .collect();
    let max = options.max_listed;
    let policy = options.policy;
    let names_compared = options.has_names && valid_named > 0;

    // 1. The 错码 that can be listed, with their candidate codes — beside 2., which does not
    // need them (on two cores, neither waits for the other's last task).
    let candidates = || {
        errors.sort_unstable();
        errors.truncate(max);
        let messages = Messages::of(&errors);
        // The candidates and their look-ups by bucket, in runs of errors on all cores (the
        // look-ups, put in their buckets on one core, were the last 20 ms of this half with
        // the other core idle): each run's codes in one vector, its look-ups for each bucket
        // in one vector, joined by the bucket's task.
        let runs: Vec<(usize, &[ErrRec])> = (0..errors.len())
            .step_by(ERROR_RUN)
            .map(|i| (i, &errors[i..(i + ERROR_RUN).min(errors.len())]))
            .collect();
        type Run = (Vec<ErrWork>, Vec<u128>, Vec<Vec<Query>>);
        let done: Vec<Run> = par::map(runs, |(start, errors)| {
            let mut codes = Vec::new();
            let work: Vec<ErrWork> = errors
                .iter()
                .map(|e| err_work(e, &policy, &messages, &mut codes))
                .collect();
            // Sized before filling: grown by pushes, these vectors were most of a first
            // scan's allocator time.
            let mut sizes = vec![0usize; BUCKETS];
            for &k in &codes {
                sizes[bucket_of(k)] += 1;
            }
            let mut queries: Vec<Vec<Query>> = sizes.into_iter().map(Vec::with_capacity).collect();
            for (i, (w, e)) in work.iter().zip(errors).enumerate() {
                for q in w.queries(&codes, (start + i) as u32, e.name) {
                    queries[bucket_of(super::store::key_of(q.hi, q.lo))].push(q);
                }
            }
            (work, codes, queries)
        });
        drop(messages);
        let mut work = Vec::with_capacity(errors.len());
        let mut codes = Vec::with_capacity(done.len());
        let mut queries: Vec<Vec<Vec<Query>>> = (0..BUCKETS).map(|_| Vec::new()).collect();
        for (w, c, q) in done {
            work.extend(w);
            codes.push(c);
            for (b, q) in queries.iter_mut().zip(q) {
                b.push(q);
            }
        }
        (errors, (work, codes), queries)
    };

    // 2. The bucket pass. Each bucket is split (its shared subject identifiers sorted) and,
    // in the split's first pass, its names are gathered for the filter; the filter is
    // complete (every bucket gathered) before any bucket is walked. Buckets go in runs, each
    // run with one pair of bit sets for the split.
    let layout = group::FilterLayout::new(buckets.iter().map(|b| b.len()).sum());
    let runs: Vec<Vec<_>> = chunked(buckets, SPLIT_RUN);
    let split = || {
        // A run's split buckets, and its names' bit numbers by filter partition.
        type Run = (Vec<SplitBucket>, Vec<Vec<u32>>);
        let split: Vec<Run> = par::map(runs, |run| {
            let (mut seen, mut twice) = (Vec::new(), Vec::new());
            let mut names = layout.partitions(run.iter().map(|b| b.len()).sum());
            let run = run
                .into_iter()
                .map(|b| {
                    let mut v = b.into_vec();
                    let gather = |e: &Entry| layout.gather(e.name, &mut names);
                    let at = super::store::split_bucket(
                        &mut v,
                        &mut seen,
                        &mut twice,
                        &region_slots,
                        gather,
                    );
                    (v, at)
                })
                .collect();
            (run, names)
        });
        let (split, names): (Vec<_>, Vec<_>) = split.into_iter().unzip();
        let filter = group::NameFilter::build(layout, &names);
        let split: Vec<SplitBucket> = split.into_iter().flatten().collect();
        (split, filter)
    };
    let ((errors, work, queries), (split, filter)) = par::join(candidates, split);
    let jobs: Vec<(SplitBucket, Vec<Vec<Query>>)> = split.into_iter().zip(queries).collect();
    // A group keeps at least its first member (its key and order come from it), even when
    // nothing is listed (`max` 0): the lists themselves are cut to `max` below.
    let members = max.max(1);
    let mut outs: Vec<BucketOut> = par::map(jobs, |((v, at), q)| {
        group::process(v, at, q.concat(), members, &filter, &region_slots)
    });
    drop(filter);

    // 3. Gather what the buckets found. Then two independent halves side by side, each on
    // all cores (alone, each waited for its last task): the groups (one entity with many
    // codes, 重码 groups, collisions) and the flagged list.
    let mut mark_lists: Vec<Vec<Mark>> = Vec::with_capacity(outs.len());
    let mut answer_lists: Vec<Vec<Answer>> = Vec::with_capacity(outs.len());
    let mut groups: Vec<RawGroup> = Vec::new();
    let mut collisions: Vec<RawGroup> = Vec::new();
    let (mut n_groups, mut n_collisions) = (0, 0);
    for o in &mut outs {
        mark_lists.push(std::mem::take(&mut o.marks));
        answer_lists.push(std::mem::take(&mut o.answers));
        groups.append(&mut o.groups);
        collisions.append(&mut o.collisions);
        n_groups += o.duplicate_groups;
        n_collisions += o.collision_count;
    }
    let ((duplicates, collisions, multi_code_entities, n_multi, mut pending), (flagged, codes)) =
        par::join(
            || group_lists(&outs, groups, collisions, members, max),
            || {
                flagged_lines(
                    mark_lists,
                    answer_lists,
                    errors,
                    work,
                    &mut months,
                    &mut regions,
                    max,
                )
            },
        );
    drop(outs);
    pending.codes.extend(codes);

    // 8. Tables.
    let total: Tally = {
        let mut t = Tally::default();
        for (_, x) in months.iter() {
            t.add(x);
        }
        t
    };
    let monthly = month_rows(&months);
    let region_rows = region_rows(&regions, &texts);
    let error_kinds: BTreeMap<Kind, u64> = Kind::ALL
        .iter()
        .zip(&kinds)
        .filter(|(_, &n)| n > 0)
        .map(|(&k, &n)| (k, n))
        .collect();

    // 9. Notes.
    let mut notes = Vec::new();
    let mut notes_zh = Vec::new();
    let mut note = |en: String, zh: String| {
        notes.push(en);
        notes_zh.push(zh);
    };
    if !names_compared && total.valid > 0 {
        note(
            "no entity names: 重码 cannot be told from repeats, so every extra occurrence of a code is counted as a repeat".into(),
            "无主体名称：重码无法与重复记录区分，同一代码的多余记录均计为重复记录".into(),
        );
    } else if names_compared && valid_nameless > 0 {
        note(
            format!("{valid_nameless} valid records have no name: they never make a 重码 by themselves and count as repeats when their code occurs again"),
            format!("{valid_nameless} 条有效记录无名称：不单独构成重码，代码再次出现时计为重复记录"),
        );
    }
    let undated = monthly
        .last()
        .filter(|r| r.month == "unknown")
        .map_or(0, |r| r.counts.total);
    if undated > 0 {
        note(
            format!("{undated} records have no readable date: they are in the `unknown` month"),
            format!("{undated} 条记录日期缺失或无法识别，计入“日期不详”一行（月份记为 unknown）"),
        );
    }
    let n_flagged = total.erroneous + total.duplicate + total.repeated;
    if (n_flagged as usize) > flagged.len() {
        note(
            format!(
                "the flagged list shows the first {} of {} flagged records",
                flagged.len(),
                n_flagged
            ),
            format!(
                "问题记录清单列出前 {} 条，共 {} 条",
                flagged.len(),
                n_flagged
            ),
        );
    }

    // On all cores: sorted on the main thread at the very end, they left the workers idle.
    let Pending { names, codes, .. } = &mut pending;
    par::join(|| par::sort_unstable(names), || par::sort_unstable(codes));
    names.dedup();
    codes.dedup();
    Report {
        summary: Summary {
            counts: total.counts(),
            error_kinds,
            skipped_reasons: skipped,
            monthly,
            regions: region_rows,
            notes,
            notes_zh,
            duplicate_groups: n_groups,
            multi_code_entities: n_multi,
            collisions: n_collisions,
            names_compared,
        },
        flagged,
        duplicates,
        multi_code_entities,
        collisions,
        pending,
    }
}

/// What [`group_lists`] builds: the 重码 groups, the collisions and the entities with several
/// codes (each cut to the list limit), how many such entities there are, and the rows whose
/// names and stored codes the groups still need.
type GroupLists = (
    Vec<DuplicateGroup>,
    Vec<Collision>,
    Vec<MultiCodeEntity>,
    u64,
    Pending,
);

/// The groups half of the report: one entity with many codes (from the buckets' name pairs),
/// the 重码 groups and the collisions, with their members.
fn group_lists(
    outs: &[BucketOut],
    groups: Vec<RawGroup>,
    collisions: Vec<RawGroup>,
    members: usize,
    max: usize,
) -> GroupLists {
    // 4. One entity, many codes: the name pairs of each name bucket from every bucket.
    let nb: Vec<usize> = (0..group::NAME_BUCKETS).collect();
    let multi: Vec<(Vec<RawGroup>, u64)> = par::map(nb, |b| {
        let n: usize = outs
            .iter()
            .map(|o| (o.pair_starts[b + 1] - o.pair_starts[b]) as usize)
            .sum();
        let mut pairs = Vec::with_capacity(n);
        for o in outs {
            let (a, z) = (o.pair_starts[b] as usize, o.pair_starts[b + 1] as usize);
            pairs.extend_from_slice(&o.pairs[a..z]);
        }
        group::multi_code(pairs, members)
    });
    let mut multis: Vec<RawGroup> = Vec::new();
    let mut n_multi = 0;
    for (g, n) in multi {
        multis.extend(g);
        n_multi += n;
    }
    // 5. Groups, their members built on all cores. Sorted by the code's text (its bytes:
    // no string is made for a group that is cut), the whole group only to break a tie.
    let mut groups: Vec<([u8; 18], RawGroup)> =
        groups.into_iter().map(|g| (unpack(g.key), g)).collect();
    groups.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    groups.truncate(max);
    let groups: Vec<(String, RawGroup)> = groups
        .into_iter()
        .map(|(_, g)| (code_string(g.key), g))
        .collect();
    let mut collisions: Vec<([u8; 18], RawGroup)> =
        collisions.into_iter().map(|g| (unpack(g.key), g)).collect();
    collisions.sort_unstable_by(|a, b| a.0[8..17].cmp(&b.0[8..17]).then_with(|| a.1.cmp(&b.1)));
    collisions.truncate(max);
    let collisions: Vec<(String, RawGroup)> = collisions
        .into_iter()
        .map(|(_, g)| (code_string(g.key)[8..17].to_string(), g))
        .collect();
    multis.sort_unstable_by_key(|g| (g.members[0].row, g.members[0].key, g.members[0].name));
    multis.truncate(max);
    let mut pending = Pending::default();
    let raw = groups.iter().map(|g| &g.1);
    for g in raw.chain(collisions.iter().map(|g| &g.1)).chain(&multis) {
        for m in &g.members {
            pending.by_member.push(m.name);
            if m.name != 0 {
                pending.names.push((m.row, m.name));
            }
            if m.flags & NORMALIZED != 0 {
                pending.codes.push((m.row, code_string(m.key)));
            }
        }
    }
    if pending.names.is_empty() {
        // Nothing to name (no member has a name): a report that needs no fill must not
        // keep them, or it would differ from the same report filled from a stream.
        pending.by_member = Vec::new();
    }
    let duplicates: Vec<DuplicateGroup> = par::map(groups, |(code, g)| DuplicateGroup {
        code,
        members: members_of(&g),
        records: g.records,
    });
    let collisions: Vec<Collision> = par::map(collisions, |(subject_identifier, g)| Collision {
        subject_identifier,
        members: members_of(&g),
    });
    let multi_code_entities: Vec<MultiCodeEntity> = par::map(multis, |g| MultiCodeEntity {
        name: String::new(),
        members: members_of(&g),
    });
    (
        duplicates,
        collisions,
        multi_code_entities,
        n_multi,
        pending,
    )
}

/// The flagged half of the report: the marks (counted into the month and region tables and
/// sorted), the answers, and the flagged lines; with the rows whose stored codes the marks
/// still need.
fn flagged_lines(
    mark_lists: Vec<Vec<Mark>>,
    answer_lists: Vec<Vec<Answer>>,
    mut errors: Vec<ErrRec>,
    (mut work, run_codes): (Vec<ErrWork>, Vec<Vec<u128>>),
    months: &mut TallyMap<MonthKey>,
    regions: &mut TallyMap<RegionKey>,
    max: usize,
) -> (Vec<Flagged>, Vec<(u64, String)>) {
    // 6. The marks (counted and sorted) and the answers (sorted), the two large lists,
    // joined on two cores.
    let (marks, answers) = par::join(
        || {
            let mut marks = mark_lists.concat();
            for m in &marks {
                let f = |t: &mut Tally| match m.class {
                    MarkClass::Duplicate => t.duplicate += 1,
                    MarkClass::Repeated => t.repeated += 1,
                };
                f(months.get(m.month));
                f(regions.get(m.region));
            }
            par::sort_unstable(&mut marks);
            marks
        },
        || {
            let mut answers = answer_lists.concat();
            par::sort_unstable(&mut answers);
            answers
        },
    );
    // 7. Flagged: errors and marks by row, the first `max`. Where each piece of the list
    // starts in both (a merge of their rows), then every piece built in its place, on all
    // cores (a line is a few small strings; built apart and merged after, the lines were
    // moved once more, into fresh memory, on one core).
    let cuts = merge_cuts(&errors, &marks, max, FLAGGED_PIECE);
    let (ne, nm) = cuts.last().copied().unwrap_or_default();
    // Where each error's answers start (the answers are sorted by error): one pass, not two
    // binary searches an error.
    let mut starts = vec![0u32; ne + 1];
    for a in answers.iter().filter(|a| (a.err as usize) < ne) {
        starts[a.err as usize + 1] += 1;
    }
    for i in 0..ne {
        starts[i + 1] += starts[i];
    }
    errors.truncate(ne);
    work.truncate(ne);
    let mut flagged: Vec<Flagged> = par::filled(ne + nm, Flagged::placeholder);
    let mut pieces = Vec::with_capacity(cuts.len());
    let (mut e, mut w, mut out) = (&mut errors[..], &mut work[..], &mut flagged[..]);
    for c in cuts.windows(2) {
        let ((i0, j0), (i1, j1)) = (c[0], c[1]);
        let (e0, e1) = std::mem::take(&mut e).split_at_mut(i1 - i0);
        let (w0, w1) = std::mem::take(&mut w).split_at_mut(i1 - i0);
        let (o0, o1) = std::mem::take(&mut out).split_at_mut(i1 - i0 + j1 - j0);
        pieces.push((i0, e0, w0, &marks[j0..j1], o0));
        (e, w, out) = (e1, w1, o1);
    }
    let codes = par::map(pieces, |(i0, e, w, m, out)| {
        let mut codes = Vec::new();
        let (mut a, mut b) = (0, 0);
        for line in out {
            if a == e.len() || (b < m.len() && m[b].row < e[a].row) {
                let (f, normalized) = flagged_mark(&m[b]);
                if normalized {
                    codes.push((f.row, f.code.clone()));
                }
                *line = f;
                b += 1;
            } else {
                let k = i0 + a;
                let answers = &answers[starts[k] as usize..starts[k + 1] as usize];
                let run_codes = &run_codes[k / ERROR_RUN];
                *line = flagged_error(&mut e[a], &mut w[a], run_codes, answers);
                a += 1;
            }
        }
        codes
    });
    (flagged, codes.concat())
}

/// Listed 错码 whose candidates and look-ups one task makes (a few milliseconds of work).
const ERROR_RUN: usize = 2048;

/// Lines of the flagged list built by one task.
const FLAGGED_PIECE: usize = 4096;

/// A bucket's entries and where its sorted part starts ([`super::store::split_bucket`]).
type SplitBucket = (Vec<Entry>, usize);

/// Buckets per splitting job: enough to reuse the bit sets, few enough to balance.
const SPLIT_RUN: usize = 8;

/// `v` in runs of `n`, in order.
fn chunked<T>(v: Vec<T>, n: usize) -> Vec<Vec<T>> {
    let mut out = Vec::new();
    let mut it = v.into_iter().peekable();
    while it.peek().is_some() {
        out.push(it.by_ref().take(n).collect());
    }
    out
}

/// `refs` joined by `sep`, and a sign that more follow, written onto `out` (a mark's detail
/// is made for every 重码 and repeat listed: no intermediate strings).
fn rows_list(out: &mut String, refs: &[u64], more: bool, sep: &str) {
    for (i, &r) in refs.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        push_number(out, r);
    }
    if more {
        out.push_str(if sep == "、" { "等" } else { ", …" });
    }
}

/// Appends `n` in decimal: a mark's detail holds a number or two, and `write!` through the
/// formatting machinery cost more than the rest of the line.
fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(core::str::from_utf8(&digits[i..]).unwrap_or_default());
}

pub(super) fn mark_detail(m: &Mark) -> (String, String) {
    let refs = m.refs.as_slice();
    let (mut zh, mut en) = (String::with_capacity(96), String::with_capacity(96));
    match m.class {
        MarkClass::Duplicate => {
            let more = m.others > refs.len() as u64;
            zh.push_str("重码：该代码另有 ");
            push_number(&mut zh, m.others);
            zh.push_str(" 个主体使用（第 ");
            rows_list(&mut zh, refs, more, "、");
            zh.push_str(" 行）");
            en.push_str("duplicate code: also carried by ");
            push_number(&mut en, m.others);
            en.push_str(if m.others == 1 {
                " other entity (row "
            } else {
                " other entities (row "
            });
            rows_list(&mut en, refs, more, ", ");
            en.push(')');
        }
        MarkClass::Repeated => {
            let (zh_tail, en_tail) = if m.nameless {
                (
                    " 行代码相同（无名称，无法区分主体）",
                    ": same code; no name to tell entities apart",
                )
            } else {
                (" 行代码、名称相同", ": same code and entity")
            };
            zh.push_str("重复记录：与第 ");
            push_number(&mut zh, refs[0]);
            zh.push_str(zh_tail);
            en.push_str("repeat of row ");
            push_number(&mut en, refs[0]);
            en.push_str(en_tail);
        }
    }
    (zh, en)
}

fn month_rows(months: &TallyMap<MonthKey>) -> Vec<MonthRow> {
    let mut rows: Vec<(MonthKey, Tally)> = months
        .iter()
        .copied()
        .filter(|(_, t)| t.total > 0)
        .collect();
    rows.sort_unstable_by_key(|r| r.0);
    rows.into_iter()
        .map(|(k, t)| MonthRow {
            month: unpack_month(k).map_or("unknown".into(), |m| m.to_string()),
            counts: t.counts(),
        })
        .collect()
}

fn region_rows(regions: &TallyMap<RegionKey>, texts: &[String]) -> Vec<RegionRow> {
    let mut rows: Vec<(u8, String, RegionKey, Tally)> = regions
        .iter()
        .filter(|(_, t)| t.total > 0)
        .map(|&(k, t)| match k {
            UNKNOWN_REGION => (2, "unknown".to_string(), k, t),
            k if k >= TEXT_BASE => (1, texts[(k - TEXT_BASE) as usize].clone(), k, t),
            k => (0, format!("{k:06}"), k, t),
        })
        .collect();
    rows.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    rows.into_iter()
        .map(|(class, region, k, t)| RegionRow {
            name: if class == 0 {
                region::lookup(k).map(|r| r.chain().to_string())
            } else {
                None
            },
            region,
            counts: t.counts(),
        })
        .collect()
}

impl Report {
    /// Rows whose entity name the report needs but does not have (members of 重码 groups,
    /// one-entity-many-codes entries and collisions, when the record had a name), sorted.
    /// Empty for a report from [`super::scan`], which fills them itself.
    ///
    /// ```
    /// use uscc::scan::{Record, ScanOptions, Scanner};
    /// let mut s = Scanner::new(ScanOptions::default());
    /// s.push(&[
    ///     Record { row: 1, code: "91350100M000100Y43", name: Some("甲"), ..Default::default() },
    ///     Record { row: 2, code: "91350100M000100Y43", name: Some("乙"), ..Default::default() },
    /// ]);
    /// assert_eq!(s.finish().rows_missing_names(), [1, 2]);
    /// ```
    pub fn rows_missing_names(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self.pending.names.iter().map(|p| p.0).collect();
        v.dedup();
        v
    }

    /// Fills the names of [`Report::rows_missing_names`]: `lookup(row)` returns the name as
    /// stored at that row. A name that does not match the record the scan saw (its normalized
    /// hash differs) is refused. Returns how many rows were filled; rows not filled stay
    /// listed as missing. `lookup` is called once per row, in row order (so it may move a
    /// name out of its own storage rather than copy it).
    ///
    /// ```
    /// use uscc::scan::{Record, ScanOptions, Scanner};
    /// let mut s = Scanner::new(ScanOptions::default());
    /// s.push(&[
    ///     Record { row: 1, code: "91350100M000100Y43", name: Some("甲"), ..Default::default() },
    ///     Record { row: 2, code: "91350100M000100Y43", name: Some("乙"), ..Default::default() },
    /// ]);
    /// let mut r = s.finish();
    /// assert_eq!(r.fill_names(|row| Some(if row == 1 { "甲" } else { "丙" }.to_string())), 1);
    /// assert_eq!(r.duplicates[0].members[0].name.as_deref(), Some("甲"));
    /// assert_eq!(r.duplicates[0].members[1].name, None); // "丙" is not what row 2 held
    /// assert_eq!(r.rows_missing_names(), [2]);
    /// ```
    pub fn fill_names(&mut self, mut lookup: impl FnMut(u64) -> Option<String>) -> usize {
        // The members' hashes in list order serve only a fill from the scan's own records.
        self.pending.by_member = Vec::new();
        let good = self
            .name_hashes()
            .into_iter()
            .filter_map(|(row, hash)| {
                let name = lookup(row)?;
                (names::key(&name) == hash).then_some((row, name))
            })
            .collect();
        self.put_checked_names(good)
    }

    /// [`Report::fill_names`] for names the caller holds in memory (a column of them, say),
    /// on all cores: `name_at(row)` returns the name stored at that row, borrowed, or `None`.
    /// As with `fill_names`, a name that does not match the record the scan saw is refused
    /// and its row stays listed as missing. Returns how many rows were filled.
    ///
    /// The first fill of a report runs on all cores; a later one (of either kind) goes one
    /// row after another, as `fill_names` does.
    ///
    /// ```
    /// use uscc::scan::{Record, ScanOptions, Scanner};
    /// let names = ["甲", "乙", "丙"];
    /// let code = "91350100M000100Y43";
    /// let mut s = Scanner::new(ScanOptions::default());
    /// for (i, &name) in names.iter().enumerate() {
    ///     s.push(&[Record { row: i as u64 + 1, code, name: Some(name), ..Default::default() }]);
    /// }
    /// let mut r = s.finish();
    /// // Row 3's name is not given: it stays missing.
    /// let filled = r.fill_names_at(|row| names.get(row as usize - 1).filter(|_| row < 3).copied());
    /// assert_eq!(filled, 2);
    /// assert_eq!(r.duplicates[0].members[1].name.as_deref(), Some("乙"));
    /// assert_eq!(r.rows_missing_names(), [3]);
    /// ```
    pub fn fill_names_at<'a>(&mut self, name_at: impl Fn(u64) -> Option<&'a str> + Sync) -> usize {
        let before = self.missing_name_rows();
        if !self.name_in_place(&ByRow(&name_at, core::marker::PhantomData)) {
            return self.fill_names(|row| name_at(row).map(str::to_string));
        }
        before - self.missing_name_rows()
    }

    /// How many rows [`Report::rows_missing_names`] lists.
    fn missing_name_rows(&self) -> usize {
        let v = &self.pending.names;
        v.len() - v.windows(2).filter(|w| w[0].0 == w[1].0).count()
    }

    /// The rows of [`Report::rows_missing_names`], each with the hash its name must match
    /// (the first pending pair of the row).
    fn name_hashes(&self) -> Vec<(u64, u64)> {
        let mut v = self.pending.names.clone();
        v.dedup_by_key(|p| p.0);
        v
    }

    /// Puts checked names (by row, each row once) into every member of their row still
    /// without a name. Each name is moved into its last place and copied only for the others
    /// (a row is in one list, rarely more).
    fn put_checked_names(&mut self, mut good: Vec<(u64, String)>) -> usize {
        if good.is_empty() {
            return 0;
        }
        debug_assert!(good.windows(2).all(|w| w[0].0 < w[1].0));
        // The members still without a name, in the order they lie in memory: (row, its
        // number in that order), by row — then matched with `good` in one merge, so that
        // the names are put in that order too (by row, the members were far apart).
        let unnamed = |m: &&mut Member| m.name.is_none();
        let mut places: Vec<(u64, u32)> = self
            .members_mut()
            .filter(unnamed)
            .zip(0..)
            .map(|(m, i)| (m.row, i))
            .collect();
        places.sort_unstable();
        const NONE: u32 = u32::MAX;
        let mut source = vec![NONE; places.len()];
        let mut uses = vec![0u32; good.len()];
        let mut at = 0;
        for (g, (row, _)) in good.iter().enumerate() {
            while at < places.len() && places[at].0 < *row {
                at += 1;
            }
            while at < places.len() && places[at].0 == *row {
                source[places[at].1 as usize] = g as u32;
                uses[g] += 1;
                at += 1;
            }
        }
        drop(places);
        let members = self.members_mut().filter(unnamed);
        for (m, &g) in members.zip(&source) {
            if g == NONE {
                continue;
            }
            let (g, n) = (g as usize, &mut uses[g as usize]);
            *n -= 1;
            m.name = Some(if *n == 0 {
                std::mem::take(&mut good[g].1)
            } else {
                good[g].1.clone()
            });
        }
        self.names_placed(good.iter().map(|g| g.0));
        good.len()
    }

    /// After names were put in: each entity with several codes takes its first member's
    /// name, and the rows filled (in row order) are no longer pending.
    fn names_placed(&mut self, rows: impl Iterator<Item = u64>) {
        for g in &mut self.multi_code_entities {
            g.take_first_name();
        }
        // Both by row: a merge.
        let mut rows = rows.peekable();
        self.pending.names.retain(|p| {
            while rows.next_if(|&r| r < p.0).is_some() {}
            rows.peek() != Some(&p.0)
        });
    }

    /// Every member of the groups, collisions and one-entity-many-codes lists, in order.
    fn members_mut(&mut self) -> impl Iterator<Item = &mut Member> {
        let d = self
            .duplicates
            .iter_mut()
            .flat_map(|g| g.members.iter_mut());
        let c = self
            .collisions
            .iter_mut()
            .flat_map(|g| g.members.iter_mut());
        let m = self
            .multi_code_entities
            .iter_mut()
            .flat_map(|g| g.members.iter_mut());
        d.chain(c).chain(m)
    }

    /// Rows of valid codes that were stored in a non-canonical spelling (lower case,
    /// full-width, spaces …) and are listed in canonical form until [`Report::fill_codes`].
    ///
    /// ```
    /// use uscc::scan::{Record, ScanOptions, Scanner};
    /// let mut s = Scanner::new(ScanOptions::default());
    /// s.push(&[
    ///     Record { row: 1, code: "91350100M000100Y43", ..Default::default() },
    ///     Record { row: 2, code: "91350100m000100y43", ..Default::default() },
    /// ]);
    /// let mut r = s.finish();
    /// assert_eq!(r.rows_missing_codes(), [2]);
    /// r.fill_codes(|_| Some("91350100m000100y43".into()));
    /// assert_eq!(r.flagged[0].code, "91350100m000100y43");
    /// ```
    pub fn rows_missing_codes(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self.pending.codes.iter().map(|p| p.0).collect();
        v.dedup();
        v
    }

    /// Fills the stored spelling of [`Report::rows_missing_codes`]; a text that does not
    /// normalize to the code the scan saw at that row is refused. Returns how many rows were
    /// filled. `lookup` is called once per row, in row order.
    ///
    /// ```
    /// let mut r = uscc::scan::scan(&[], Default::default());
    /// assert_eq!(r.fill_codes(|_| None), 0);
    /// ```
    pub fn fill_codes(&mut self, mut lookup: impl FnMut(u64) -> Option<String>) -> usize {
        let mut got: FastMap<u64, String> = FastMap::default();
        let mut last = None;
        for (row, code) in &self.pending.codes {
            if last == Some(*row) {
                continue;
            }
            last = Some(*row);
            if let Some(t) = lookup(*row) {
                if crate::normalize(&t).is_ok_and(|n| n.text == code.as_str()) {
                    got.insert(*row, t);
                }
            }
        }
        if got.is_empty() {
            return 0;
        }
        let set = |row: u64, code: &mut String| {
            if let Some(t) = got.get(&row) {
                if crate::normalize(t).is_ok_and(|n| n.text == code.as_str()) {
                    code.clone_from(t);
                }
            }
        };
        for f in &mut self.flagged {
            if f.class != FlagClass::Erroneous {
                set(f.row, &mut f.code);
            }
        }
        for m in self.members_mut() {
            set(m.row, &mut m.code);
        }
        self.pending.codes.retain(|p| !got.contains_key(&p.0));
        got.len()
    }

    /// Fills names and stored codes from the records the scan was given.
    pub(crate) fn fill_from_records(&mut self, records: &[Record<'_>]) {
        if self.pending.names.is_empty() && self.pending.codes.is_empty() {
            return;
        }
        // Rows are usually consecutive: a row is looked for at its direct position first,
        // and an index is built only for the rows that are not there.
        let base = records.first().map_or(0, |r| r.row);
        self.name_in_place(&InRecords { records, base });
        let direct = |row: u64| direct(records, base, row);
        let mut missing: Vec<u64> = (self.pending.names.iter().map(|p| p.0))
            .chain(self.pending.codes.iter().map(|p| p.0))
            .filter(|&r| direct(r).is_none())
            .collect();
        let mut at: FastMap<u64, usize> = FastMap::default();
        if !missing.is_empty() {
            missing.sort_unstable();
            for (i, r) in records.iter().enumerate() {
                if missing.binary_search(&r.row).is_ok() {
                    at.entry(r.row).or_insert(i);
                }
            }
        }
        let index = |row: u64| direct(row).or_else(|| at.get(&row).copied());
        if !self.pending.names.is_empty() {
            self.fill_names(|row| index(row).and_then(|i| records[i].name.map(str::to_string)));
        }
        self.fill_codes(|row| index(row).map(|i| records[i].code.to_string()));
    }

    /// Names every member whose name `source` has at its row (the name the scan saw there),
    /// on all cores; the rows left unnamed stay pending. `false` when the report no longer
    /// has its members' name hashes (a fill already ran): nothing was done.
    fn name_in_place(&mut self, source: &impl NameSource) -> bool {
        let hashes = std::mem::take(&mut self.pending.by_member);
        fn count<L: Listed>(list: &[L]) -> usize {
            list.iter().map(|g| g.members().len()).sum()
        }
        let (nd, nc, nm) = (
            count(&self.duplicates),
            count(&self.collisions),
            count(&self.multi_code_entities),
        );
        if hashes.is_empty() || hashes.len() != nd + nc + nm {
            return false;
        }
        let (d, rest) = hashes.split_at(nd);
        let (c, m) = rest.split_at(nc);
        let mut unnamed = name_lists(&mut self.duplicates, d, source);
        unnamed.extend(name_lists(&mut self.collisions, c, source));
        unnamed.extend(name_lists(&mut self.multi_code_entities, m, source));
        unnamed.sort_unstable();
        self.pending
            .names
            .retain(|p| unnamed.binary_search(&p.0).is_ok());
        true
    }
}

/// Where [`name_lists`] reads names, by row.
trait NameSource: Sync {
    /// The name stored at `row`.
    fn name(&self, row: u64) -> Option<&str>;
    /// A hint: `row`'s name is asked for in about 16 members.
    fn far_ahead(&self, _row: u64) {}
    /// A hint: `row`'s name is asked for in about 8 members.
    fn near_ahead(&self, _row: u64) {}
}

/// The records a scan was given, numbered consecutively from `base` (the usual case; a row
/// elsewhere is not found here).
struct InRecords<'r, 'a> {
    records: &'r [Record<'a>],
    base: u64,
}

impl NameSource for InRecords<'_, '_> {
    fn name(&self, row: u64) -> Option<&str> {
        direct(self.records, self.base, row).and_then(|i| self.records[i].name)
    }
    // The record asked for 16 members ahead, its name 8 ahead (see `prefetch`): otherwise
    // two misses, one after the other, for every name.
    fn far_ahead(&self, row: u64) {
        if let Some(r) = self.records.get(row.wrapping_sub(self.base) as usize) {
            prefetch::read(r);
        }
    }
    fn near_ahead(&self, row: u64) {
        if let Some(n) = self.name(row) {
            prefetch::read(n);
        }
    }
}

/// Names from a caller's function (see [`Report::fill_names_at`]); the marker ties the names'
/// lifetime to the source's (a borrow of the source cannot outlive them).
struct ByRow<'a, F>(F, core::marker::PhantomData<&'a str>);

impl<'a, F: Fn(u64) -> Option<&'a str> + Sync> NameSource for ByRow<'a, F> {
    fn name(&self, row: u64) -> Option<&str> {
        (self.0)(row)
    }
}

/// A list of the report whose entries have members to name.
trait Listed: Send {
    fn members(&self) -> &[Member];
    fn members_mut(&mut self) -> &mut [Member];
    /// Called once its members were named.
    fn named(&mut self) {}
}

impl Listed for DuplicateGroup {
    fn members(&self) -> &[Member] {
        &self.members
    }
    fn members_mut(&mut self) -> &mut [Member] {
        &mut self.members
    }
}

impl Listed for Collision {
    fn members(&self) -> &[Member] {
        &self.members
    }
    fn members_mut(&mut self) -> &mut [Member] {
        &mut self.members
    }
}

impl Listed for MultiCodeEntity {
    fn members(&self) -> &[Member] {
        &self.members
    }
    fn members_mut(&mut self) -> &mut [Member] {
        &mut self.members
    }
    fn named(&mut self) {
        self.take_first_name();
    }
}

/// Names the members of `list` (their name hashes in `hashes`, member by member) from
/// `source`, in runs on all cores. Returns the rows of named members left unnamed: not in
/// `source`, or a name there that is not the one the scan saw.
fn name_lists<L: Listed>(list: &mut [L], hashes: &[u64], source: &impl NameSource) -> Vec<u64> {
    const RUN: usize = 2048;
    let mut runs = Vec::new();
    let (mut list, mut hashes) = (list, hashes);
    while !list.is_empty() {
        let (mut groups, mut members) = (0, 0);
        while groups < list.len() && members < RUN {
            members += list[groups].members().len();
            groups += 1;
        }
        let (l, l_rest) = std::mem::take(&mut list).split_at_mut(groups);
        let (h, h_rest) = hashes.split_at(members);
        runs.push((l, h));
        (list, hashes) = (l_rest, h_rest);
    }
    let left: Vec<Vec<u64>> = par::map(runs, |(list, hashes)| {
        let rows: Vec<u64> = list
            .iter()
            .flat_map(|g| g.members().iter().map(|m| m.row))
            .collect();
        let mut left = Vec::new();
        let names: Vec<Option<&str>> = (0..rows.len())
            .map(|k| {
                if let Some(&r) = rows.get(k + 16) {
                    source.far_ahead(r);
                }
                if let Some(&r) = rows.get(k + 8) {
                    source.near_ahead(r);
                }
                let hash = hashes[k];
                if hash == 0 {
                    return None;
                }
                let name = source.name(rows[k]).filter(|n| names::key(n) == hash);
                if name.is_none() {
                    left.push(rows[k]);
                }
                name
            })
            .collect();
        let mut names = names.into_iter();
        for g in list {
            for m in g.members_mut() {
                if let Some(n) = names.next().flatten() {
                    m.name.get_or_insert_with(|| n.to_string());
                }
            }
            g.named();
        }
        left
    });
    left.concat()
}

/// The position of `row` in `records` when it is where consecutive numbering from `base`
/// puts it (the usual case), else `None`.
fn direct(records: &[Record<'_>], base: u64, row: u64) -> Option<usize> {
    let i = row.wrapping_sub(base) as usize;
    records.get(i).is_some_and(|r| r.row == row).then_some(i)
}

impl MultiCodeEntity {
    /// An entity still without a name takes its first member's.
    fn take_first_name(&mut self) {
        if self.name.is_empty() {
            if let Some(n) = self.members.first().and_then(|m| m.name.clone()) {
                self.name = n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn push_number_is_decimal(n: u64, head in "[a-z行]{0,3}") {
            let mut s = head.clone();
            super::push_number(&mut s, n);
            prop_assert_eq!(s, format!("{head}{n}"));
        }
    }

    #[test]
    fn push_number_edges() {
        for n in [0, 9, 10, 99, 100, u64::MAX] {
            let mut s = String::new();
            super::push_number(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
