package org.tijori.locker;

/**
 * How much of the quota a resident's uploads take, the recycle bin included.
 */
public record Usage(long usedBytes, long quotaBytes) {

    public int percent() {
        return quotaBytes == 0 ? 100 : (int) Math.min(100, Math.ceil(100.0 * usedBytes / quotaBytes));
    }
}
