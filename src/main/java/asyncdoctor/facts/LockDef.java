package asyncdoctor.facts;

/**
 * What a lock variable was constructed as: `self._lock = asyncio.Lock()` in a method of Cls gives
 * LockDef("pkg.mod.Cls._lock", "asyncio.Lock", "lock"); other class constructors give kind other
 * (kb/derived/locks.drl).
 */
public record LockDef(String key, String type, String kind, String module, int line) {}
