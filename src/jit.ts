// The binary starts with JavaScriptCore's tier-up thresholds scaled up (Makefile COMPILE_FLAGS: --compile-jit-policy),
// so that run-once start-up code — the SDK building its schemas above all — is interpreted instead of being compiled
// by the JIT on the way to `initialize` and the first result. The normal policy comes back once that burst is over.

/** Puts JavaScriptCore's normal JIT policy back (idempotent). */
export function normalJit(): void {
  // Optional: Bun releases before the policy API run the sources (`bun src/main.ts`) with the normal policy anyway.
  Bun.unsafe.setJITPolicy?.(1);
}

/** normalJit after `delayMs`, without keeping the process alive for it: stdio's start-up burst ends meanwhile. */
export function normalJitAfter(delayMs: number): void {
  setTimeout(normalJit, delayMs).unref();
}
