//! The last resort: a panic (a bug — no input should cause one) becomes a thrown JS `Error`
//! with the panic message, instead of an opaque `RuntimeError: unreachable`.

use wasm_bindgen::prelude::*;

/// Installs the hook when the module is instantiated.
#[wasm_bindgen(start, skip_typescript)]
fn start() {
    install();
}

/// Installs a panic hook that throws a JS `Error("uscc-wasm internal error: …")`.
///
/// Throwing unwinds the wasm frames without running destructors: memory held by the
/// interrupted call leaks. That is acceptable for something that should never happen.
pub fn install() {
    #[cfg(target_arch = "wasm32")]
    std::panic::set_hook(Box::new(|info| {
        wasm_bindgen::throw_str(&format!("uscc-wasm internal error: {info}"));
    }));
}
