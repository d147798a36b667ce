//! Ending a round scored in parts: each part sorted by participant id on its own thread
//! ([`Scorer::finish_part`]), then the parts joined into one [`CompactScoring`], in one
//! pass ([`CompactScoring::join`]) or in pieces by id range ([`CompactScoring::join_with`]).

use super::*;

/// One part of a round, scored and sorted by participant id: see [`Scorer::finish_part`].
pub struct ScoredPart<'a> {
    pub(super) assembly: &'a Assembly,
    pub(super) rules: ScoreRules,
    pub(super) recs: Vec<Rec>,
    /// Beside `recs`: the first 12 bytes of each id, as [`sort_by_participant`] orders them.
    pub(super) prefixes: Vec<u128>,
    /// Beside `recs` under [`AttemptPolicy::Sum`] (empty otherwise): the counted attempts.
    pub(super) counted: Vec<Vec<Counted>>,
    pub(super) texts: Texts,
    pub(super) units: Vec<Arc<[String]>>,
    pub(super) forms: Vec<Arc<str>>,
    pub(super) analysis: Option<Vec<(String, ItemAnalyzer)>>,
    pub(super) sheets: u64,
    pub(super) ignored: u64,
}

/// How many records a vector emptied from its end may hold unused before it is shrunk.
const SHRINK_STEP: usize = 1 << 15;

impl ScoredPart<'_> {
    /// Takes in the part that follows this one in the file, as one scorer reading both
    /// parts' sheets in order would have (see [`CompactScoring::join`]). Both are sorted by
    /// id and are merged from the greatest id down, each part's vectors shrinking as they
    /// empty, so the records are not all held twice at the peak. The id prefixes are kept
    /// only when another part is still to come.
    fn append(&mut self, later: ScoredPart<'_>, more_to_come: bool) {
        let ScoredPart {
            recs: mut theirs,
            prefixes: mut their_prefixes,
            counted: mut their_counted,
            texts,
            units,
            sheets,
            ignored,
            ..
        } = later;
        self.sheets += sheets;
        self.ignored += ignored;
        // The later part's units as this one's, once each.
        let mut known: HashMap<Arc<[String]>, u32> = self
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (Arc::clone(u), i as u32))
            .collect();
        let unit_map: Vec<u32> = units
            .iter()
            .map(|u| {
                *known.entry(Arc::clone(u)).or_insert_with(|| {
                    self.units.push(Arc::clone(u));
                    self.units.len() as u32 - 1
                })
            })
            .collect();
        // Its ids and names go on the end of this part's texts in one piece.
        let base = self.texts.0.len() as u64;
        self.texts.0.push_str(&texts.0);
        drop(texts);
        let sum = matches!(self.rules.attempts, AttemptPolicy::Sum { .. });
        let total = self.recs.len() + theirs.len();
        let mut recs = Vec::with_capacity(total);
        let mut prefixes = Vec::with_capacity(if more_to_come { total } else { 0 });
        let mut counted = Vec::with_capacity(if sum { total } else { 0 });
        let mut next: Option<(Rec, u128, Vec<Counted>)> = None;
        loop {
            if next.is_none() {
                next = theirs.pop().map(|mut r| {
                    r.set_unit(unit_map.get(r.unit() as usize).copied().unwrap_or(0));
                    r.set_text(r.text() + base);
                    let all = their_counted.pop().unwrap_or_default();
                    (r, their_prefixes.pop().unwrap_or(0), all)
                });
            }
            let order = match (self.recs.last(), &next) {
                (None, None) => break,
                (Some(_), None) => Ordering::Greater,
                (None, Some(_)) => Ordering::Less,
                (Some(mine), Some((r, prefix, _))) => {
                    let my_prefix = self.prefixes.last().copied().unwrap_or(0);
                    my_prefix
                        .cmp(prefix)
                        .then_with(|| self.texts.id(mine.text()).cmp(self.texts.id(r.text())))
                }
            };
            let (mut r, prefix, all) = if order.is_lt() {
                match next.take() {
                    Some(n) => n,
                    None => break,
                }
            } else {
                let Some(mine) = self.recs.pop() else { break };
                (
                    mine,
                    self.prefixes.pop().unwrap_or(0),
                    self.counted.pop().unwrap_or_default(),
                )
            };
            let mut all = all;
            if order.is_eq()
                && let Some((other, _, other_all)) = next.take()
            {
                combine(&mut r, &mut all, other, other_all, &self.texts, &self.units);
            }
            recs.push(r);
            if more_to_come {
                prefixes.push(prefix);
            }
            if sum {
                counted.push(all);
            }
            // Shrinking in place copies nothing, so it can be done often.
            for v in [&mut self.recs, &mut theirs] {
                if v.capacity() - v.len() > SHRINK_STEP {
                    v.shrink_to_fit();
                }
            }
            for v in [&mut self.prefixes, &mut their_prefixes] {
                if v.capacity() - v.len() > SHRINK_STEP {
                    v.shrink_to_fit();
                }
            }
        }
        recs.reverse();
        prefixes.reverse();
        counted.reverse();
        (self.recs, self.prefixes, self.counted) = (recs, prefixes, counted);
    }
}

/// Takes another part's record `r` (its unit and texts already in `texts` and `units`) into
/// the same participant's record `mine`: sheets add up; its attempt replaces the one on
/// record when it counts and is better (the earlier stays on a tie); under `Sum` its counted
/// attempts join `mine_all`, the better of two with the same number staying.
fn combine<N: Names>(
    mine: &mut Rec,
    mine_all: &mut Vec<Counted>,
    r: Rec,
    all: Vec<Counted>,
    texts: &N,
    units: &[Arc<[String]>],
) {
    mine.sheets += r.sheets;
    let candidate = Attempt {
        name: texts.get(r.text()).1,
        unit: r.unit(),
        form: r.form(),
        score: SheetScore {
            score: r.score,
            speed: r.speed,
            correct: r.correct,
            answered: 0,
        },
        time_used: r.time_used(),
        submitted: r.submitted(),
        attempt: r.attempt,
    };
    if r.attempt > 0 && (mine.attempt == 0 || better(&candidate, mine, texts, units)) {
        *mine = Rec {
            sheets: mine.sheets,
            ..r
        };
    }
    for c in all {
        match mine_all.iter_mut().find(|m| m.0 == c.0) {
            // The same attempt number twice: the better stays, the earlier on a tie.
            Some(m)
                if (c.1.score, std::cmp::Reverse(c.2)) > (m.1.score, std::cmp::Reverse(m.2)) =>
            {
                *m = c;
            }
            Some(_) => {}
            None => mine_all.push(c),
        }
    }
}

/// Sums each record's counted attempts under [`AttemptPolicy::Sum`] (`counted` runs beside
/// `recs`, and is empty otherwise), then leaves out those with only ignored sheets (beyond
/// the attempt limit): they are not participants.
pub(super) fn settle(recs: &mut Vec<Rec>, counted: &mut [Vec<Counted>]) {
    for (r, all) in recs.iter_mut().zip(counted) {
        if all.is_empty() {
            continue;
        }
        all.sort_by_key(|c| c.0);
        r.score = round2(all.iter().map(|c| c.1.score).sum());
        r.speed = round2(all.iter().map(|c| c.1.speed).sum());
        r.correct = all.iter().map(|c| c.1.correct).sum();
        let time: Option<u32> = all.iter().map(|c| c.2).sum();
        let submitted = all.iter().filter_map(|c| c.3).max();
        r.set_time(time, submitted);
        r.attempt = all.len() as u32;
    }
    recs.retain(|r| r.attempt > 0);
}

/// One part's records in one piece of a [`CompactScoring::join_at`]: sorted by id, their
/// id prefixes and counted attempts beside them, and how to move them into the whole
/// (the part's unit numbers into the whole's, unless it is the first part; where its
/// texts start in the whole's).
struct Input<'p> {
    recs: &'p [Rec],
    prefixes: &'p [u128],
    counted: &'p mut [Vec<Counted>],
    map: Option<&'p [u32]>,
    base: u64,
}

impl Input<'_> {
    /// The order of record `i` against record `j` of `other`, by id.
    #[inline]
    fn cmp_at(&self, i: usize, other: &Input<'_>, j: usize, texts: &TextRuns) -> Ordering {
        let prefix = |input: &Input<'_>, i: usize| input.prefixes.get(i).copied().unwrap_or(0);
        let id = |input: &Input<'_>, i: usize| {
            input
                .recs
                .get(i)
                .map_or("", |r| texts.id(r.text() + input.base))
        };
        prefix(self, i)
            .cmp(&prefix(other, j))
            .then_with(|| id(self, i).cmp(id(other, j)))
    }

    /// Record `i` moved into the whole, with its counted attempts.
    #[inline]
    fn take(&mut self, i: usize) -> Option<(Rec, Vec<Counted>)> {
        let mut r = *self.recs.get(i)?;
        if let Some(map) = self.map {
            r.set_unit(map.get(r.unit() as usize).copied().unwrap_or(0));
        }
        r.set_text(r.text() + self.base);
        let all = self
            .counted
            .get_mut(i)
            .map(std::mem::take)
            .unwrap_or_default();
        Some((r, all))
    }
}

/// The first of a part's records (sorted by id prefix, then id) whose id is `bound` or
/// after it.
fn first_at_or_after<N: Names>(
    recs: &[Rec],
    prefixes: &[u128],
    texts: &N,
    base: u64,
    bound: &str,
) -> usize {
    let want = (id_prefix(bound), bound);
    let (mut lo, mut hi) = (0, recs.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let id = recs.get(mid).map_or("", |r| texts.id(r.text() + base));
        if (prefixes.get(mid).copied().unwrap_or(0), id) < want {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// [`join_piece`] of two parts' pieces, `a` from the earlier part: a plain merge.
fn merge_two(
    a: &mut Input<'_>,
    b: &mut Input<'_>,
    texts: &TextRuns,
    units: &[Arc<[String]>],
    recs: &mut Vec<Rec>,
    mut counted: Option<&mut Vec<Vec<Counted>>>,
) {
    let (mut i, mut j) = (0, 0);
    loop {
        let order = match (i < a.recs.len(), j < b.recs.len()) {
            (true, true) => a.cmp_at(i, b, j, texts),
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => break,
        };
        let taken = match order {
            Ordering::Less => {
                i += 1;
                a.take(i - 1)
            }
            Ordering::Greater => {
                j += 1;
                b.take(j - 1)
            }
            Ordering::Equal => {
                (i, j) = (i + 1, j + 1);
                a.take(i - 1).map(|(mut r, mut all)| {
                    if let Some((other, other_all)) = b.take(j - 1) {
                        combine(&mut r, &mut all, other, other_all, texts, units);
                    }
                    (r, all)
                })
            }
        };
        if let Some((r, all)) = taken {
            recs.push(r);
            if let Some(c) = counted.as_deref_mut() {
                c.push(all);
            }
        }
    }
}

/// How many rounds of pieces [`CompactScoring::join_with`] joins in: the parts give back
/// what a round read before the next, so the records are held twice only a round's worth.
const JOIN_ROUNDS: usize = 4;

/// How many of the parts' records have ids before `bound`.
pub(super) fn below(parts: &[ScoredPart<'_>], bound: &str) -> usize {
    parts
        .iter()
        .map(|p| first_at_or_after(&p.recs, &p.prefixes, &p.texts, 0, bound))
        .sum()
}

/// An id with about `target` of the parts' records before it: of each part's ids the first
/// with at least that many before it (found by halving), the closest.
pub(super) fn balanced_bound(parts: &[ScoredPart<'_>], target: usize) -> Option<String> {
    parts
        .iter()
        .filter_map(|p| {
            let id = |j: usize| p.recs.get(j).map(|r| p.texts.id(r.text()));
            let (mut lo, mut hi) = (0, p.recs.len());
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if id(mid).is_some_and(|b| below(parts, b) < target) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            let b = id(lo.min(p.recs.len().saturating_sub(1)))?;
            Some((below(parts, b).abs_diff(target), b))
        })
        .min_by_key(|&(off, _)| off)
        .map(|(_, b)| b.to_owned())
}

/// Joins one piece of every part (see [`CompactScoring::join_at`]): the records of one
/// range of ids merged in id order, a participant found in several parts taken in as
/// [`ScoredPart::append`] does, part after part; then [`settle`]d.
fn join_piece(
    mut inputs: Vec<Input<'_>>,
    texts: &TextRuns,
    units: &[Arc<[String]>],
    sum: bool,
) -> Vec<Rec> {
    let total = inputs.iter().map(|i| i.recs.len()).sum();
    let mut recs = Vec::with_capacity(total);
    let mut counted = Vec::with_capacity(if sum { total } else { 0 });
    if let [a, b] = inputs.as_mut_slice() {
        merge_two(a, b, texts, units, &mut recs, sum.then_some(&mut counted));
        settle(&mut recs, &mut counted);
        return recs;
    }
    let mut at = vec![0usize; inputs.len()];
    loop {
        // The smallest id next, from the earliest part that has it.
        let mut first: Option<usize> = None;
        for (p, input) in inputs.iter().enumerate() {
            let i = at.get(p).copied().unwrap_or(usize::MAX);
            if i >= input.recs.len() {
                continue;
            }
            let smaller = match first {
                None => true,
                Some(f) => {
                    let (fi, other) = (at.get(f).copied().unwrap_or(0), inputs.get(f));
                    other.is_some_and(|o| input.cmp_at(i, o, fi, texts).is_lt())
                }
            };
            if smaller {
                first = Some(p);
            }
        }
        let Some(f) = first else { break };
        let fi = at.get(f).copied().unwrap_or(0);
        let Some((mut r, mut all)) = inputs.get_mut(f).and_then(|input| input.take(fi)) else {
            break;
        };
        // The same participant in later parts, in part order.
        for p in f + 1..inputs.len() {
            let i = at.get(p).copied().unwrap_or(usize::MAX);
            let same = match (inputs.get(p), inputs.get(f)) {
                (Some(input), Some(other)) => {
                    i < input.recs.len() && input.cmp_at(i, other, fi, texts).is_eq()
                }
                _ => false,
            };
            if !same {
                continue;
            }
            if let Some((other, other_all)) = inputs.get_mut(p).and_then(|input| input.take(i)) {
                combine(&mut r, &mut all, other, other_all, texts, units);
            }
            if let Some(a) = at.get_mut(p) {
                *a += 1;
            }
        }
        if let Some(a) = at.get_mut(f) {
            *a += 1;
        }
        recs.push(r);
        if sum {
            counted.push(all);
        }
    }
    settle(&mut recs, &mut counted);
    recs
}

impl CompactScoring {
    /// Joins the parts of one round, given in the order their sheets come in the file, into
    /// what one scorer reading every sheet in that order gives (the best attempt never
    /// depends on order; of two equal ones the earlier stays, as it would). See
    /// [`Scorer::finish_part`].
    ///
    /// The parts must come from scorers of the same forms under the same rules, and when
    /// there are several none may run item analysis, whose sums would come out in another
    /// order (run it on one scorer).
    pub fn join<'a>(parts: impl IntoIterator<Item = ScoredPart<'a>>) -> Result<Self, ContestError> {
        let mut parts = parts.into_iter();
        let mut whole = parts
            .next()
            .ok_or(ContestError::CannotMerge("没有评分结果"))?;
        let mut parts = parts.peekable();
        while let Some(part) = parts.next() {
            if whole.analysis.is_some() || part.analysis.is_some() {
                return Err(ContestError::CannotMerge("试题分析须由一个评分器完成"));
            }
            if !std::ptr::eq(whole.assembly, part.assembly) || whole.rules != part.rules {
                return Err(ContestError::CannotMerge("两个评分器的试卷或计分规则不同"));
            }
            if whole.texts.0.len() + part.texts.0.len() > TEXT_LIMIT {
                return Err(ContestError::CannotMerge("参赛编号和姓名的总长超过 4 GiB"));
            }
            whole.append(part, parts.peek().is_some());
        }
        Ok(Self::from_joined(whole))
    }

    /// [`Self::join`] with its work split by participant id into pieces that `workers` may
    /// run side by side, when the round is large enough to pay (about 100,000 records): the
    /// ids are cut where about as many records fall between each cut, and each range of ids
    /// is joined on its own (see [`Self::join_at`]). The same result as [`Self::join`].
    ///
    /// ```
    /// # use kaotang::bank::BankSet;
    /// # use kaotang::contest::{assemble, Blueprint, CompactScoring, InTurn, ScoreRules, Scorer, SheetReader};
    /// # let yaml = "bank: { id: b, title: 示例, sources: [{ id: s, title: 简史 }] }\nquestions:\n  \
    /// #     - { id: q0, type: judge, stem: 第0题的陈述。, answer: true, explanation: 说明。, \
    /// #     period: 新民主主义革命时期, difficulty: 2, source: { ref: s } }\n";
    /// # let set = BankSet::load(&[("b.yaml", yaml.to_owned())]).unwrap();
    /// # let bp = Blueprint::from_yaml("title: 初赛\ntime_limit_minutes: 10\n\
    /// #     sections: [{ name: 判断题, count: 1, points: 100 }]").unwrap();
    /// # let assembly = assemble(&set, &bp, 1).unwrap();
    /// let csv = "编号,次数,1\np1,1,错\np2,1,对\np1,2,对\n";
    /// let (head, tail) = csv.split_at(csv.find("p2").unwrap());
    /// let first = SheetReader::new(head.as_bytes()).unwrap();
    /// let second = first.part(tail.as_bytes());
    /// let parts = [first, second].map(|reader| {
    ///     let mut scorer = Scorer::new(&set, &assembly, ScoreRules::default()).unwrap();
    ///     for sheet in reader {
    ///         scorer.add(&sheet.unwrap()).unwrap();
    ///     }
    ///     scorer.finish_part()
    /// });
    /// // `InTurn` runs the pieces one after another; a front end passes its threads.
    /// let whole = CompactScoring::join_with(parts, &InTurn).unwrap();
    /// let ids: Vec<&str> = whole.iter().map(|r| r.participant).collect();
    /// assert_eq!(ids, ["p1", "p2"]);
    /// ```
    pub fn join_with<'a>(
        parts: impl IntoIterator<Item = ScoredPart<'a>>,
        workers: &dyn Workers,
    ) -> Result<Self, ContestError> {
        let parts: Vec<ScoredPart<'a>> = parts.into_iter().collect();
        let total = parts.iter().map(|p| p.recs.len()).sum();
        // One piece at a time gains nothing over the join itself.
        let side_by_side = pieces_for(total, workers);
        if side_by_side < 2 || parts.len() < 2 {
            return Self::join(parts);
        }
        let pieces = side_by_side * JOIN_ROUNDS;
        let bounds: Vec<String> = (1..pieces)
            .filter_map(|k| balanced_bound(&parts, total * k / pieces))
            .collect();
        Self::join_at(parts, &bounds, workers)
    }

    /// [`Self::join`] in pieces cut at the ids `bounds` (in any order; they need not be
    /// anyone's id), which `workers` may run side by side: each piece joins one range of
    /// ids, from a bound (included) to the next (not included), in byte order. The pieces
    /// are run [`Workers::width`] at a time from the greatest ids down, and the parts give
    /// back the memory of each round's records before the next. The same result as
    /// [`Self::join`] wherever the cuts are; for a caller that places them itself.
    pub fn join_at<'a>(
        parts: impl IntoIterator<Item = ScoredPart<'a>>,
        bounds: &[impl AsRef<str>],
        workers: &dyn Workers,
    ) -> Result<Self, ContestError> {
        let mut parts: Vec<ScoredPart<'a>> = parts.into_iter().collect();
        let Some((first, rest)) = parts.split_first_mut() else {
            return Self::join(parts);
        };
        if rest.is_empty() {
            return Self::join(parts);
        }
        // What `join` refuses, in the same order.
        let mut text_len = first.texts.0.len();
        for part in rest.iter() {
            if first.analysis.is_some() || part.analysis.is_some() {
                return Err(ContestError::CannotMerge("试题分析须由一个评分器完成"));
            }
            if !std::ptr::eq(first.assembly, part.assembly) || first.rules != part.rules {
                return Err(ContestError::CannotMerge("两个评分器的试卷或计分规则不同"));
            }
            if text_len + part.texts.0.len() > TEXT_LIMIT {
                return Err(ContestError::CannotMerge("参赛编号和姓名的总长超过 4 GiB"));
            }
            text_len += part.texts.0.len();
        }
        // Units numbered and texts placed as `join` does: the first part's, then each later
        // part's new units and its texts after the others' (read where they are, not copied).
        let mut units = std::mem::take(&mut first.units);
        let mut known: HashMap<Arc<[String]>, u32> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (Arc::clone(u), i as u32))
            .collect();
        let mut texts = TextRuns::one(std::mem::take(&mut first.texts));
        let mut moves = vec![(None, 0u64)];
        let mut text_end = texts.runs.iter().map(|t| t.0.len() as u64).sum::<u64>();
        for part in rest.iter_mut() {
            let map: Vec<u32> = part
                .units
                .iter()
                .map(|u| {
                    *known.entry(Arc::clone(u)).or_insert_with(|| {
                        units.push(Arc::clone(u));
                        units.len() as u32 - 1
                    })
                })
                .collect();
            moves.push((Some(map), text_end));
            texts.bases.push(text_end);
            text_end += part.texts.0.len() as u64;
            texts.runs.push(std::mem::take(&mut part.texts));
        }
        drop(known);
        let mut bounds: Vec<&str> = bounds.iter().map(AsRef::as_ref).collect();
        bounds.sort_unstable();
        bounds.dedup();
        let sum = matches!(first.rules.attempts, AttemptPolicy::Sum { .. });
        // Where each part is cut: piece `k` of part `p` is `cuts[p][k]..cuts[p][k + 1]`.
        let cuts: Vec<Vec<usize>> = parts
            .iter()
            .zip(&moves)
            .map(|(part, (_, base))| {
                let (recs, prefixes) = (&part.recs[..], &part.prefixes[..]);
                let mut at = vec![0];
                for b in &bounds {
                    let from = at.last().copied().unwrap_or(0);
                    at.push(first_at_or_after(recs, prefixes, &texts, *base, b).max(from));
                }
                at.push(recs.len());
                at
            })
            .collect();
        // A round of pieces at a time, from the greatest ids down; after each, the parts give
        // back what it read, so the records are not all held twice.
        let count = bounds.len() + 1;
        let width = workers.width().max(1);
        let mut joined: Vec<Vec<Rec>> = (0..count).map(|_| Vec::new()).collect();
        let mut end = count;
        while end > 0 {
            let begin = end.saturating_sub(width);
            let mut pieces: Vec<Vec<Input<'_>>> = (begin..end).map(|_| Vec::new()).collect();
            for ((part, (map, base)), at) in parts.iter_mut().zip(&moves).zip(&cuts) {
                let ScoredPart {
                    recs,
                    prefixes,
                    counted,
                    ..
                } = part;
                let from = at.get(begin).copied().unwrap_or(0);
                // Counted attempts run beside the records under `Sum` (none otherwise).
                let mut counted = counted.get_mut(from..).unwrap_or_default();
                for (k, piece) in (begin..end).zip(&mut pieces) {
                    let (lo, hi) = (
                        at.get(k).copied().unwrap_or(0),
                        at.get(k + 1).copied().unwrap_or(0),
                    );
                    let n = (hi - lo).min(counted.len());
                    let (mine, later) = std::mem::take(&mut counted).split_at_mut(n);
                    counted = later;
                    piece.push(Input {
                        recs: recs.get(lo..hi).unwrap_or_default(),
                        prefixes: prefixes.get(lo..hi).unwrap_or_default(),
                        counted: mine,
                        map: map.as_deref(),
                        base: *base,
                    });
                }
            }
            let pieces: Vec<Mutex<Option<Vec<Input<'_>>>>> =
                pieces.into_iter().map(|p| Mutex::new(Some(p))).collect();
            let done = run_all(workers, pieces.len(), |k| {
                let inputs = pieces
                    .get(k)
                    .and_then(|p| p.lock().unwrap_or_else(PoisonError::into_inner).take());
                inputs.map(|inputs| join_piece(inputs, &texts, &units, sum))
            });
            drop(pieces);
            for (slot, run) in joined.iter_mut().skip(begin).zip(done) {
                *slot = run.unwrap_or_default();
            }
            for (part, at) in parts.iter_mut().zip(&cuts) {
                let keep = at.get(begin).copied().unwrap_or(0);
                part.recs.truncate(keep);
                part.recs.shrink_to_fit();
                part.prefixes.truncate(keep);
                part.prefixes.shrink_to_fit();
                part.counted.truncate(keep);
                part.counted.shrink_to_fit();
            }
            end = begin;
        }
        let (mut sheets, mut ignored) = (0, 0);
        let mut forms = Vec::new();
        for (k, part) in parts.into_iter().enumerate() {
            sheets += part.sheets;
            ignored += part.ignored;
            if k == 0 {
                forms = part.forms;
            }
        }
        // The pieces stay as they are, in id order: copying them into one would take as long
        // as joining them did.
        let mut runs: Vec<Vec<Rec>> = joined.into_iter().filter(|r| !r.is_empty()).collect();
        for run in &mut runs {
            run.shrink_to_fit();
        }
        let mut starts = vec![0];
        let mut end = 0;
        for run in &runs {
            end += run.len();
            starts.push(end);
        }
        let run_at = (0..end.div_ceil(RUN_BLOCK))
            .map(|b| {
                starts
                    .partition_point(|&s| s <= b * RUN_BLOCK)
                    .saturating_sub(1) as u32
            })
            .collect();
        Ok(CompactScoring {
            runs,
            starts,
            run_at,
            texts,
            units,
            forms,
            sheets,
            ignored,
            analysis: Vec::new(),
        })
    }
}

/// Puts records (and the counted attempts beside them, if any) in participant id order, and
/// returns each one's id prefix: ids are sorted by a 12-byte big-endian prefix with the
/// record's index below it, as plain integers (reading the texts once, in the order they
/// were written); the rare runs that share a prefix are put in order by whole ids. Then the
/// records are moved into that order ([`move_to`]).
pub(super) fn sort_by_participant(
    recs: &mut [Rec],
    counted: &mut [Vec<Counted>],
    texts: &Texts,
) -> Vec<u128> {
    let id = |i: u128| {
        recs.get(i as u32 as usize)
            .map_or("", |r| texts.id(r.text()))
    };
    let mut keys: Vec<u128> = recs
        .iter()
        .enumerate()
        .map(|(i, r)| id_prefix(texts.id(r.text())) << 32 | i as u128)
        .collect();
    keys.sort_unstable();
    let mut start = 0;
    for k in 1..=keys.len() {
        let prefix = |at: usize| keys.get(at).map(|x| x >> 32);
        if k < keys.len() && prefix(k) == prefix(start) {
            continue;
        }
        if let Some(run) = keys.get_mut(start..k)
            && run.len() > 1
        {
            run.sort_unstable_by(|&a, &b| id(a).cmp(id(b)));
        }
        start = k;
    }
    // `to[i]` is where record `i` belongs.
    let mut to = vec![0u32; keys.len()];
    for (k, &key) in keys.iter().enumerate() {
        if let Some(slot) = to.get_mut(key as u32 as usize) {
            *slot = k as u32;
        }
    }
    for k in &mut keys {
        *k >>= 32;
    }
    move_to(recs, counted, &mut to);
    keys
}

/// An id's first 12 bytes as a big-endian integer (0 past its end): ids in prefix order,
/// then in byte order where prefixes are equal, are in byte order.
#[inline]
fn id_prefix(id: &str) -> u128 {
    let mut p = [0u8; 16];
    let id = id.as_bytes();
    let n = id.len().min(12);
    if let (Some(to), Some(from)) = (p.get_mut(4..4 + n), id.get(..n)) {
        to.copy_from_slice(from);
    }
    u128::from_be_bytes(p)
}

/// Moves record `i` (and `counted[i]`, when there are counted attempts) to `to[i]`, where
/// `to` is a permutation; leaves `to[i] == i`. In two passes, so that neither reads memory
/// at random: first each record goes to its 1/256th of the slice (256 places being filled,
/// each moving forward), then within each 1/256th, which fits in the cache, to its place.
/// Following the permutation's cycles over the whole slice at once waits on a cache miss
/// at every step: 0.9 s of ten million sheets' 5.5 s.
pub(super) fn move_to(recs: &mut [Rec], counted: &mut [Vec<Counted>], to: &mut [u32]) {
    let n = recs.len().min(to.len());
    let with_counted = counted.len() == n && n > 0;
    let mut swap = |a: usize, b: usize, to: &mut [u32]| {
        recs.swap(a, b);
        to.swap(a, b);
        if with_counted {
            counted.swap(a, b);
        }
    };
    let size = n.div_ceil(256).max(1);
    let blocks = n.div_ceil(size);
    let bounds = |b: usize| (b * size, ((b + 1) * size).min(n));
    // `next[b]`: the first place in block `b` not yet holding one of its records.
    let mut next: Vec<usize> = (0..blocks).map(|b| bounds(b).0).collect();
    for b in 0..blocks {
        let end = bounds(b).1;
        while let Some(&at) = next.get(b).filter(|&&at| at < end) {
            let home = to.get(at).map_or(b, |&t| t as usize / size);
            if home == b {
                if let Some(slot) = next.get_mut(b) {
                    *slot += 1;
                }
            } else if let Some(slot) = next.get_mut(home).filter(|s| **s < bounds(home).1) {
                let dest = *slot;
                *slot += 1;
                swap(at, dest, to);
            } else if let Some(slot) = next.get_mut(b) {
                // Only if `to` were not a permutation: leave the record, end anyway.
                *slot += 1;
            }
        }
    }
    // Each swap puts one record in its place: at most `n` (the bound only matters if `to`
    // were not a permutation).
    let mut swaps = n;
    for i in 0..n {
        while let Some(&t) = to.get(i).filter(|&&t| t as usize != i && (t as usize) < n) {
            if swaps == 0 {
                return;
            }
            swaps -= 1;
            swap(i, t as usize, to);
        }
    }
}
