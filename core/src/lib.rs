//! uscc — China's unified social credit code (统一社会信用代码, GB 32100-2015).
#![forbid(unsafe_code)]

pub mod region;
