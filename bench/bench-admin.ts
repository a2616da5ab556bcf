/** The first admin of the benchmark's service (created at start-up by BOOTSTRAP_ADMIN_*). */
export const BENCH_ADMIN = { email: 'bench-admin@example.org', password: 'quiet-harbour-lantern-7' };
