//! Data parallelism with rayon under the `parallel` feature, plain loops without it. Results
//! always come back in input order, so the thread count never changes an output.

/// Maps `f` over `items`, in parallel when the `parallel` feature is on.
pub(crate) fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        if items.len() > 1 {
            return items.into_par_iter().map(f).collect();
        }
    }
    items.into_iter().map(f).collect()
}

/// How many pieces to split work into: a few per thread, for balance.
pub(crate) fn pieces() -> usize {
    #[cfg(feature = "parallel")]
    {
        rayon::current_num_threads() * 4
    }
    #[cfg(not(feature = "parallel"))]
    {
        1
    }
}
