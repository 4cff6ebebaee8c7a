/**
 * The demo team's review guide, which the code reviewer gets with its instructions on every call. Long, stable
 * instructions like these are what provider prompt caching is for: the first call reads them at the full input
 * price, and every later call within a few minutes reads them from the provider's cache at a fraction of it.
 */
export const REVIEW_GUIDE = `Team review guide (applies to every review).

Correctness
1. Check every loop bound and slice end: off-by-one errors are the most common bug we ship.
2. Check how the code behaves on empty input, a single element, and the largest input we accept.
3. Look for integer overflow, float comparisons with ===, and money kept in floats; money is integer cents.
4. Every await that can reject must be handled or deliberately propagated; no floating promises.
5. Timeouts and cancellation: a call to the network takes an AbortSignal and passes it down.
6. Dates are UTC in storage and converted only for display; never parse dates without a format.
7. Check that errors keep their cause when they are wrapped, so logs show the original failure.
8. Any retry must be bounded, with backoff and jitter, and must never retry a non-idempotent write.
9. Shared mutable state across requests is a bug unless it is a deliberate cache with a bound.
10. Sorting must be stable where order matters, and comparators must be consistent.

Security
11. Validate every input at the boundary with a schema; reject unknown fields in public APIs.
12. Never build SQL, shell commands or HTML by string concatenation; use parameters and escaping.
13. Secrets never appear in logs, error messages, URLs or client bundles.
14. Authorisation is checked on the server for every object accessed, not only at the route.
15. File paths from users are resolved and checked against an allowed root before use.
16. Redirect targets and fetch URLs from users are checked against an allowlist.
17. Tokens and session ids are compared in constant time and expire.
18. Dependencies added in the change are pinned, maintained and licensed compatibly.

Design and readability
19. A function does one thing and its name says what; a boolean parameter usually hides two functions.
20. Public functions take one options object when they have more than two parameters.
21. Prefer plain data and small functions over class hierarchies and clever indirection.
22. Comments say why, not what; a comment that restates the code should be deleted.
23. Magic numbers get a named constant with its unit in the name, such as TIMEOUT_MS.
24. Names are full words; abbreviations only when they are the domain's own (URL, ID, HTTP).
25. Dead code, commented-out code and debugging output are removed before merge.
26. Error messages say what happened, with the value, and how to fix it.
27. Keep modules under three hundred lines; split by concept, not by layer.

Tests
28. Every bug fix comes with a test that fails without the fix.
29. Tests assert behaviour a user would notice, not private implementation details.
30. No test depends on wall-clock time or on how busy the machine is; use fake timers.
31. Property tests for parsers, money and anything with many edge cases.
32. Integration tests talk to real stores (PostgreSQL, Redis) in CI, not to mocks of them.
33. A flaky test is a defect: fix it or delete it, never retry it until it passes.

Performance
34. No N+1 queries: load related rows in one query or a batch.
35. Work that grows with input size must be linear unless the input is bounded and small.
36. Caches have a size bound and an eviction policy, and say what happens on a miss.
37. Streams are consumed with backpressure; never buffer an unbounded response in memory.
38. Measure before optimising; a change that claims a speed-up includes the benchmark.

Operations
39. Every new configuration value has a default, a validation and a line in the README.
40. Logs are structured, at the right level, and carry a request id.
41. Metrics for new endpoints: rate, errors and latency percentiles.
42. Database migrations are backwards compatible with the running version and can be rolled back.
43. Feature flags have an owner and a removal date.

APIs and data
44. HTTP handlers return typed errors with a stable code, a message and, where useful, the limit that was hit.
45. Pagination is by cursor for anything that can grow; page numbers only for small, fixed lists.
46. Responses never expose internal ids, stack traces or database errors to clients.
47. Public API changes are additive; removing or renaming a field needs a deprecation period and a changelog entry.
48. JSON fields are camelCase, timestamps are ISO 8601 with a zone, amounts carry their currency.
49. Writes that a client may repeat take an idempotency key, and the server stores the first answer.
50. Personal data is collected only when needed, kept only as long as needed, and deleted on request.
51. Long-running work goes to a queue with retries and a dead-letter queue, not into the request.

How to write the review
52. Start with the most severe finding. For each: the line, why it matters, a concrete fix.
53. Separate blocking findings from suggestions, and say which is which.
54. Praise what is good in one line at the end, when something is.
55. Do not restate the code, do not guess at intent without saying so, and keep it short.`;
