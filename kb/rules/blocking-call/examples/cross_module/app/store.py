import redis

r = redis.Redis(host="cache.internal")


def next_job():
    return r.blpop("jobs", timeout=5)  # ok: blocking-call  (sync function: reported at the async call site)


def peek():
    return fetch_raw()


def fetch_raw():
    return r.lrange("jobs", 0, 10)  # ok: blocking-call
