/**
 * The Redis side of the store: one script per operation, so each is one atomic round trip. Time comes from the
 * Redis server (TIME), so replicas with skewed clocks still share one window.
 */

/**
 * Successful settles are deferred and carried by the next script call for the same model (admit or settle), so
 * the success path costs one round trip. They are applied first, in the order they happened. ARGV[first] is
 * their count, then five values each: ticket, actual tokens (-1 none), estimated tokens, outcome, time (-1: now).
 * Returns the change to the token sum, for the caller to add with its own.
 *
 * Server work is kept low on purpose (it bounds throughput under concurrency): a correction is one HSET (its
 * answer says whether the entry still exists), and successes touch the circuit with one HINCRBY per bucket
 * unless the bucket moved on.
 */
const APPLY_DEFERRED = `
local function applyDeferred(weightsKey, circuitKey, hasBreaker, windowMs, openMs, now, first)
  local n = tonumber(ARGV[first] or '0')
  if n == 0 then return 0 end
  local delta = 0
  local bucketMs = math.max(1, math.floor(windowMs / 10))
  local counts, order = {}, {}
  for i = 0, n - 1 do
    local base = first + 1 + i * 5
    local ticket, actual, estimate = ARGV[base], tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2])
    local outcome, at = ARGV[base + 3], tonumber(ARGV[base + 4])
    if at < 0 then at = now end
    if actual >= 0 and estimate >= 0 then
      -- HSET answers 0 when the entry existed (still in the window): only then does the sum hold its estimate.
      if redis.call('HSET', weightsKey, ticket, actual) == 0 then delta = delta + actual - estimate
      else redis.call('HDEL', weightsKey, ticket) end
    elseif actual >= 0 then
      local old = redis.call('HGET', weightsKey, ticket)
      if old then
        redis.call('HSET', weightsKey, ticket, actual)
        delta = delta + actual - tonumber(old)
      end
    end
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
  return delta
end
`;

/**
 * KEYS: requests zset, tokens zset, token weights hash, circuit hash. ARGV: ticket, reqLimit, reqWindow, tokLimit,
 * tokWindow, estimate, hasBreaker, probeLeaseMs, now (-1: Redis TIME), breaker windowMs, breaker openMs, then the
 * deferred settles. When requests and tokens share a window, the tokens zset counts the requests too.
 */
export const ADMIT_SCRIPT = `${APPLY_DEFERRED}
local now = tonumber(ARGV[9])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local sumDelta = applyDeferred(KEYS[3], KEYS[4], ARGV[7] == '1', tonumber(ARGV[10]), tonumber(ARGV[11]), now, 12)
local function finish()
  if sumDelta ~= 0 then redis.call('HINCRBY', KEYS[3], '__sum', sumDelta) end
end
local ticket = ARGV[1]
local reqLimit, reqWindow = tonumber(ARGV[2]), tonumber(ARGV[3])
local tokLimit, tokWindow, estimate = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local hasBreaker, lease = ARGV[7] == '1', tonumber(ARGV[8])
local shared = reqLimit > 0 and tokLimit > 0 and reqWindow == tokWindow
local probe, transition = 0, ''
if hasBreaker then
  local b = redis.call('HMGET', KEYS[4], 'state', 'openUntil', 'probeUntil')
  local state = b[1] or 'closed'
  if state ~= 'closed' then
    local openUntil, probeUntil = tonumber(b[2] or '0'), tonumber(b[3] or '0')
    if state == 'open' and now < openUntil then finish() return {0, 'circuit-open', openUntil - now} end
    if probeUntil > now then finish() return {0, 'circuit-open', probeUntil - now} end
    probe = 1
    if state == 'open' then transition = 'open' end
  end
end
local sum, refreshed = 0, 0
if tokLimit > 0 then
  if estimate > tokLimit then finish() return {0, 'tokens', -1} end
  local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - tokWindow)
  if #expired > 0 then
    for i = 1, #expired, 500 do
      local batch = {}
      for j = i, math.min(i + 499, #expired) do batch[#batch + 1] = expired[j] end
      local weights = redis.call('HMGET', KEYS[3], unpack(batch))
      for k = 1, #weights do sumDelta = sumDelta - tonumber(weights[k] or '0') end
      redis.call('HDEL', KEYS[3], unpack(batch))
    end
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tokWindow)
  end
  local w = redis.call('HMGET', KEYS[3], '__sum', '__refreshed')
  sum = tonumber(w[1] or '0') + sumDelta
  refreshed = tonumber(w[2] or '0')
end
if reqLimit > 0 then
  local zset = KEYS[1]
  if shared then zset = KEYS[2] else redis.call('ZREMRANGEBYSCORE', zset, '-inf', now - reqWindow) end
  local count = redis.call('ZCARD', zset)
  if count >= reqLimit then
    local oldest = redis.call('ZRANGE', zset, count - reqLimit, count - reqLimit, 'WITHSCORES')
    finish()
    return {0, 'requests', math.max(1, tonumber(oldest[2]) + reqWindow - now)}
  end
end
if tokLimit > 0 and sum + estimate > tokLimit then
  finish()
  -- O(log n): the wait until the oldest entry leaves the window, the earliest moment room can appear. A caller
  -- that waits checks again then (one more admission); reading the whole window to find the exact moment cost
  -- Redis time in proportion to the window's size, blocking every other client.
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  if #oldest == 0 then return {0, 'tokens', tokWindow} end
  return {0, 'tokens', math.max(1, tonumber(oldest[2]) + tokWindow - now)}
end
if reqLimit > 0 and not shared then
  redis.call('ZADD', KEYS[1], now, ticket)
  redis.call('PEXPIRE', KEYS[1], reqWindow * 2)
end
if tokLimit > 0 then
  redis.call('ZADD', KEYS[2], now, ticket)
  redis.call('HSET', KEYS[3], ticket, estimate)
  sumDelta = sumDelta + estimate
  -- Keys live two windows past their last refresh; refreshing once per half window keeps them alive.
  if now - refreshed >= tokWindow / 2 then
    redis.call('HSET', KEYS[3], '__refreshed', now)
    redis.call('PEXPIRE', KEYS[2], tokWindow * 2)
    redis.call('PEXPIRE', KEYS[3], tokWindow * 2)
  end
end
finish()
if probe == 1 then redis.call('HSET', KEYS[4], 'state', 'half-open', 'probeUntil', now + lease) end
return {1, probe, transition}
`;

/**
 * KEYS: token weights hash, circuit hash. ARGV: ticket, actual (-1 none), outcome, probe, hasBreaker, mode,
 * threshold, minVolume, windowMs, openMs, now (-1: Redis TIME), then the deferred settles. An empty ticket only
 * applies the deferred settles (a flush).
 */
export const SETTLE_SCRIPT = `${APPLY_DEFERRED}
local now = tonumber(ARGV[11])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local sumDelta = applyDeferred(KEYS[1], KEYS[2], ARGV[5] == '1', tonumber(ARGV[9]), tonumber(ARGV[10]), now, 12)
if sumDelta ~= 0 then redis.call('HINCRBY', KEYS[1], '__sum', sumDelta) end
if ARGV[1] == '' then return '' end
local ticket, actual, outcome, probe = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4] == '1'
if actual >= 0 then
  local old = redis.call('HGET', KEYS[1], ticket)
  if old then
    redis.call('HSET', KEYS[1], ticket, actual)
    redis.call('HINCRBY', KEYS[1], '__sum', actual - tonumber(old))
  end
end
if ARGV[5] ~= '1' then return '' end
if outcome == 'ignored' then
  if probe then redis.call('HSET', KEYS[2], 'probeUntil', 0) end
  return ''
end
local mode, threshold, minVolume = ARGV[6], tonumber(ARGV[7]), tonumber(ARGV[8])
local windowMs, openMs = tonumber(ARGV[9]), tonumber(ARGV[10])
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
