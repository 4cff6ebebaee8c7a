/**
 * The Redis side of the store: one script per operation, so each is one atomic round trip. Time comes from the
 * Redis server (TIME), so replicas with skewed clocks still share one window. No path reads more than a window's
 * 61 slots, whatever the rate or how full the window is.
 */

/**
 * Windows that slide in steps, in one hash per window: slot `i` holds its step's start (`t<i>`) and weight
 * (`w<i>`), at most 61 slots whatever the rate, so every path reads and writes a bounded number of fields; the
 * hash also keeps the window's sum (`sum`) and the span it holds for (`from`, `until`), so an admission reads
 * three fields, not the window. An admission counts from its step's start until one window and one step later
 * (never less than the window). A correction names the step its call was admitted in.
 */
const WINDOWS = `
local FOREVER = 9007199254740991
local function stepOf(windowMs)
  local steps = math.min(60, math.max(1, windowMs))
  return math.ceil(windowMs / steps), steps + 1
end
local function readWindow(hash, windowMs, now)
  local stepMs = stepOf(windowMs)
  local cutoff = now - windowMs - stepMs
  local flat = redis.call('HGETALL', hash)
  local starts, live, sum, untilAt = {}, {}, 0, FOREVER
  for i = 1, #flat, 2 do
    if string.sub(flat[i], 1, 1) == 't' then starts[string.sub(flat[i], 2)] = tonumber(flat[i + 1]) end
  end
  for i = 1, #flat, 2 do
    if string.sub(flat[i], 1, 1) == 'w' then
      local start = starts[string.sub(flat[i], 2)]
      local weight = tonumber(flat[i + 1])
      if start and start > cutoff and weight > 0 then
        sum = sum + weight
        live[#live + 1] = {start, weight}
        untilAt = math.min(untilAt, start + windowMs + stepMs)
      end
    end
  end
  return sum, live, stepMs, untilAt
end
-- The window's sum, kept in the hash with the span it holds for: from when it was read until the first counted
-- step leaves the window, and one step at most. Within that span no step leaves or joins except through this
-- script, which keeps the sum as it writes, so an admission reads three fields instead of the whole window. The
-- one-step cap counts writers that do not keep the sum (replicas still on an earlier script during an upgrade)
-- within a step, a sixtieth of the window.
local function cachedSum(hash, now)
  local c = redis.call('HMGET', hash, 'sum', 'from', 'until')
  local sum, from, untilAt = tonumber(c[1]), tonumber(c[2]), tonumber(c[3])
  if sum and from and untilAt and from <= now and now < untilAt then return sum, untilAt end
  return nil
end
local function windowSum(hash, windowMs, now)
  local sum = cachedSum(hash, now)
  if sum then return sum end
  local total, _, stepMs, untilAt = readWindow(hash, windowMs, now)
  redis.call('HSET', hash, 'sum', total, 'from', now, 'until', math.min(untilAt, now + stepMs))
  return total
end
-- A step's weight changed by delta at now: the kept sum follows, if it holds and the step still counts.
local function keepSum(hash, start, expires, delta, now)
  local sum, untilAt = cachedSum(hash, now)
  if not sum then
    redis.call('HDEL', hash, 'sum')
  elseif expires > now then
    redis.call('HSET', hash, 'sum', sum + delta, 'until', math.min(untilAt, expires))
  end
end
local function waitFor(live, needed, stepMs, windowMs, now)
  -- Oldest first: only a refusal needs the order, so an admission never sorts.
  table.sort(live, function(a, b) return a[1] < b[1] end)
  local freed = 0
  for _, entry in ipairs(live) do
    freed = freed + entry[2]
    if freed >= needed then return math.max(1, entry[1] + stepMs + windowMs - now) end
  end
  return windowMs + stepMs
end
local function addToWindow(hash, windowMs, now, weight)
  local stepMs, slots = stepOf(windowMs)
  local start = math.floor(now / stepMs) * stepMs
  local slot = (start / stepMs) % slots
  if tonumber(redis.call('HGET', hash, 't' .. slot) or '-1') == start then
    redis.call('HINCRBY', hash, 'w' .. slot, weight)
  else
    redis.call('HSET', hash, 't' .. slot, start, 'w' .. slot, weight)
  end
  keepSum(hash, start, start + windowMs + stepMs, weight, now)
  redis.call('PEXPIRE', hash, windowMs * 2 + stepMs * 2)
  return start
end
local function correct(hash, windowMs, start, delta, now)
  if start < 0 or windowMs <= 0 or delta == 0 then return end
  local stepMs, slots = stepOf(windowMs)
  local slot = (start / stepMs) % slots
  if tonumber(redis.call('HGET', hash, 't' .. slot) or '-1') == start then
    local weight = redis.call('HINCRBY', hash, 'w' .. slot, delta)
    local applied = delta
    if weight < 0 then
      redis.call('HSET', hash, 'w' .. slot, 0)
      applied = delta - weight
    end
    keepSum(hash, start, start + windowMs + stepMs, applied, now)
  end
end
`;

/**
 * Successful settles are deferred and carried by the next script call for the same model (admit or settle), so
 * the success path costs one round trip. They are applied first, in the order they happened. ARGV[first] is
 * their count, then six values each: the token step the call was admitted in (-1 none), the token window, actual
 * tokens (-1 none), estimated tokens, outcome, time (-1: now).
 *
 * Server work is kept low on purpose (it bounds throughput under concurrency): a correction touches one slot,
 * and successes touch the circuit with one HINCRBY per bucket unless the bucket moved on.
 */
const APPLY_DEFERRED = `${WINDOWS}
local function applyDeferred(tokensKey, circuitKey, hasBreaker, windowMs, openMs, now, first)
  local n = tonumber(ARGV[first] or '0')
  if n == 0 then return end
  local bucketMs = math.max(1, math.floor(windowMs / 10))
  local counts, order = {}, {}
  for i = 0, n - 1 do
    local base = first + 1 + i * 6
    local start, tokWindow = tonumber(ARGV[base]), tonumber(ARGV[base + 1])
    local actual, estimate = tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
    local outcome, at = ARGV[base + 4], tonumber(ARGV[base + 5])
    if at < 0 then at = now end
    if actual >= 0 and estimate >= 0 then correct(tokensKey, tokWindow, start, actual - estimate, now) end
    if hasBreaker and outcome == 'success' then
      local idx = math.floor(at / bucketMs)
      if not counts[idx] then counts[idx] = 0; order[#order + 1] = idx end
      counts[idx] = counts[idx] + 1
    end
  end
  if #order > 0 then
    local c = redis.call('HMGET', circuitKey, 'consecutive', 'bucket')
    if c[1] and c[1] ~= '0' then redis.call('HSET', circuitKey, 'consecutive', 0) end
    for _, idx in ipairs(order) do redis.call('HINCRBY', circuitKey, 's:' .. idx, counts[idx]) end
    local last = order[#order]
    if tonumber(c[2] or '-1') ~= last then
      redis.call('HDEL', circuitKey, 's:' .. (last - 10), 'f:' .. (last - 10), 's:' .. (last - 11), 'f:' .. (last - 11))
      redis.call('HSET', circuitKey, 'bucket', last)
      redis.call('PEXPIRE', circuitKey, math.max(windowMs, openMs) * 4)
    end
  end
end
`;

/**
 * KEYS: requests window hash, tokens window hash, circuit hash. ARGV: reqLimit, reqWindow, tokLimit, tokWindow,
 * estimate, hasBreaker, probeLeaseMs, now (-1: Redis TIME), breaker windowMs, breaker openMs, then the deferred
 * settles. Answers `{1, probe, transition, token step}` or `{0, reason, retryAfterMs}`.
 */
export const ADMIT_SCRIPT = `${APPLY_DEFERRED}
local now = tonumber(ARGV[8])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
applyDeferred(KEYS[2], KEYS[3], ARGV[6] == '1', tonumber(ARGV[9]), tonumber(ARGV[10]), now, 11)
local reqLimit, reqWindow = tonumber(ARGV[1]), tonumber(ARGV[2])
local tokLimit, tokWindow, estimate = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local hasBreaker, lease = ARGV[6] == '1', tonumber(ARGV[7])
local probe, transition = 0, ''
if hasBreaker then
  local b = redis.call('HMGET', KEYS[3], 'state', 'openUntil', 'probeUntil')
  local state = b[1] or 'closed'
  if state ~= 'closed' then
    local openUntil, probeUntil = tonumber(b[2] or '0'), tonumber(b[3] or '0')
    if state == 'open' and now < openUntil then return {0, 'circuit-open', openUntil - now} end
    if probeUntil > now then return {0, 'circuit-open', probeUntil - now} end
    probe = 1
    if state == 'open' then transition = 'open' end
  end
end
if tokLimit > 0 and estimate > tokLimit then return {0, 'tokens', -1} end
if reqLimit > 0 then
  local sum = windowSum(KEYS[1], reqWindow, now)
  if sum >= reqLimit then
    local _, live, stepMs = readWindow(KEYS[1], reqWindow, now)
    return {0, 'requests', waitFor(live, sum - reqLimit + 1, stepMs, reqWindow, now)}
  end
end
if tokLimit > 0 then
  local sum = windowSum(KEYS[2], tokWindow, now)
  if sum + estimate > tokLimit then
    local _, live, stepMs = readWindow(KEYS[2], tokWindow, now)
    return {0, 'tokens', waitFor(live, sum + estimate - tokLimit, stepMs, tokWindow, now)}
  end
end
if reqLimit > 0 then addToWindow(KEYS[1], reqWindow, now, 1) end
local tokenStep = -1
if tokLimit > 0 then tokenStep = addToWindow(KEYS[2], tokWindow, now, estimate) end
if probe == 1 then redis.call('HSET', KEYS[3], 'state', 'half-open', 'probeUntil', now + lease) end
return {1, probe, transition, tokenStep}
`;

/**
 * KEYS: tokens window hash, circuit hash. ARGV: token step (-1 none; '' only applies the deferred settles, a
 * flush), token window, actual (-1 none), estimate (-1 none), outcome, probe, hasBreaker, mode, threshold,
 * minVolume, windowMs, openMs, now (-1: Redis TIME), then the deferred settles.
 */
export const SETTLE_SCRIPT = `${APPLY_DEFERRED}
local now = tonumber(ARGV[13])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
applyDeferred(KEYS[1], KEYS[2], ARGV[7] == '1', tonumber(ARGV[11]), tonumber(ARGV[12]), now, 14)
if ARGV[1] == '' then return '' end
local actual, estimate, outcome, probe = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], ARGV[6] == '1'
if actual >= 0 and estimate >= 0 then correct(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[1]), actual - estimate, now) end
if ARGV[7] ~= '1' then return '' end
if outcome == 'ignored' then
  if probe then redis.call('HSET', KEYS[2], 'probeUntil', 0) end
  return ''
end
local mode, threshold, minVolume = ARGV[8], tonumber(ARGV[9]), tonumber(ARGV[10])
local windowMs, openMs = tonumber(ARGV[11]), tonumber(ARGV[12])
local failed = outcome == 'failure'
local consecutive = 0
if failed then consecutive = redis.call('HINCRBY', KEYS[2], 'consecutive', 1) else redis.call('HSET', KEYS[2], 'consecutive', 0) end
local bucketMs = math.max(1, math.floor(windowMs / 10))
local idx = math.floor(now / bucketMs)
redis.call('HINCRBY', KEYS[2], (failed and 'f:' or 's:') .. idx, 1)
redis.call('HDEL', KEYS[2], 's:' .. (idx - 10), 'f:' .. (idx - 10), 's:' .. (idx - 11), 'f:' .. (idx - 11))
redis.call('PEXPIRE', KEYS[2], math.max(windowMs, openMs) * 4)
if probe then
  if failed then
    redis.call('HSET', KEYS[2], 'state', 'open', 'openUntil', now + openMs, 'probeUntil', 0)
    return 'half-open>open'
  end
  redis.call('HSET', KEYS[2], 'state', 'closed', 'consecutive', 0, 'probeUntil', 0)
  for i = idx - 9, idx do redis.call('HDEL', KEYS[2], 's:' .. i, 'f:' .. i) end
  return 'half-open>closed'
end
local state = redis.call('HGET', KEYS[2], 'state') or 'closed'
if state == 'closed' and failed then
  local trip = false
  if mode == 'consecutive' then
    trip = consecutive >= threshold
  else
    local calls, fails = 0, 0
    for i = idx - 9, idx do
      local pair = redis.call('HMGET', KEYS[2], 's:' .. i, 'f:' .. i)
      local s, f = tonumber(pair[1] or '0'), tonumber(pair[2] or '0')
      calls = calls + s + f
      fails = fails + f
    end
    trip = calls >= minVolume and fails / calls >= threshold
  end
  if trip then
    redis.call('HSET', KEYS[2], 'state', 'open', 'openUntil', now + openMs, 'probeUntil', 0)
    return 'closed>open'
  end
end
return ''
`;
