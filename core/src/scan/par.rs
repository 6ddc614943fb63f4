//! Data parallelism with rayon under the `parallel` feature, plain loops without it. Results
//! always come back in input order, so the thread count never changes an output.
//!
//! Every parallel loop here is cut into at least [`TASKS_PER_THREAD`] tasks a thread: left to
//! itself, rayon cuts a loop into a few runs per thread and splits a run again only when it is
//! stolen, so a thread could finish its part while another still ran one uncut run alone
//! (measured: the last 40 ms of a 10 M-record scan's per-record pass on one core of two).

/// The least number of tasks a parallel loop is cut into, per thread.
#[cfg(feature = "parallel")]
const TASKS_PER_THREAD: usize = 32;

/// The longest run of `len` items one task takes (see [`TASKS_PER_THREAD`]).
#[cfg(feature = "parallel")]
fn max_run(len: usize) -> usize {
    (len / (threads() * TASKS_PER_THREAD)).max(1)
}

/// Maps `f` over `items`, in parallel when the `parallel` feature is on.
pub(crate) fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        if items.len() > 1 {
            let run = max_run(items.len());
            return items.into_par_iter().with_max_len(run).map(f).collect();
        }
    }
    items.into_iter().map(f).collect()
}

/// `n` values of `f`, made in parallel when the `parallel` feature is on (a large vector's
/// fresh pages are then first touched on all cores).
pub(crate) fn filled<T: Send>(n: usize, f: impl Fn() -> T + Sync + Send) -> Vec<T> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..n)
            .into_par_iter()
            .with_max_len(max_run(n))
            .map(|_| f())
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    (0..n).map(|_| f()).collect()
}

/// Sorts `v` (unstable), on all cores when the `parallel` feature is on.
pub(crate) fn sort_unstable<T: Ord + Send>(v: &mut [T]) {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        v.par_sort_unstable();
    }
    #[cfg(not(feature = "parallel"))]
    v.sort_unstable();
}

/// Calls `f(item)` for each item, in parallel when the `parallel` feature is on.
pub(crate) fn each<T: Sync>(items: &[T], f: impl Fn(&T) + Sync + Send) {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        if items.len() > 1 {
            items
                .par_iter()
                .with_max_len(max_run(items.len()))
                .for_each(f);
            return;
        }
    }
    items.iter().for_each(f);
}

/// Calls `f(index, item)` for each item, in parallel when the `parallel` feature is on (in
/// runs of several items: each call is small).
pub(crate) fn each_indexed<T: Send>(items: &mut [T], f: impl Fn(usize, &mut T) + Sync + Send) {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        if items.len() > 1 {
            let run = max_run(items.len()).max(16);
            items
                .par_iter_mut()
                .enumerate()
                .with_min_len(16)
                .with_max_len(run)
                .for_each(|(i, t)| f(i, t));
            return;
        }
    }
    for (i, t) in items.iter_mut().enumerate() {
        f(i, t);
    }
}

/// Runs `a` and `b`, on two cores when the `parallel` feature is on.
pub(crate) fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    #[cfg(feature = "parallel")]
    {
        rayon::join(a, b)
    }
    #[cfg(not(feature = "parallel"))]
    {
        (a(), b())
    }
}

/// The number of worker threads.
pub(crate) fn threads() -> usize {
    #[cfg(feature = "parallel")]
    {
        rayon::current_num_threads()
    }
    #[cfg(not(feature = "parallel"))]
    {
        1
    }
}

/// The index of the worker thread running this (0 outside a pool, or without the `parallel`
/// feature).
pub(crate) fn thread_index() -> usize {
    #[cfg(feature = "parallel")]
    {
        rayon::current_thread_index().unwrap_or(0)
    }
    #[cfg(not(feature = "parallel"))]
    {
        0
    }
}
