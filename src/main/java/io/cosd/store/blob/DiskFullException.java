package io.cosd.store.blob;

import java.io.IOException;

/**
 * The blob store cannot take these bytes: the file system reported ENOSPC (or a quota), or a new
 * write would leave less free space than the configured reserve (docs/storage.md "Full disk").
 * Distinct from every other {@link IOException} so that callers never blame the client's body for it.
 */
public final class DiskFullException extends IOException {
    public DiskFullException(String message) {
        super(message);
    }

    public DiskFullException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether an I/O error from a write, force or rename means "no space". The JDK gives no errno,
     * only strerror's text in the message: ENOSPC "No space left on device", EDQUOT "Disk quota
     * exceeded" (glibc wording; FileChannel puts it in the message unchanged).
     */
    public static boolean isNoSpace(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DiskFullException) return true;
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) return true;
        }
        return false;
    }
}
