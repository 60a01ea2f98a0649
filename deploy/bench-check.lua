-- wrk script: POST /api/v1/check with the 5,000-character draft written by BenchFiles.
local f = assert(io.open("target/bench/check-5000.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json; charset=utf-8"
wrk.headers["Authorization"] = "Basic " .. (os.getenv("REVIEW_BENCH_AUTH") or "Y21zOmNtcw==")

function done(summary, latency, requests)
  io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%-5s %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("non-2xx: %d, socket errors: %d\n", summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
