package io.cosd.service;

import io.cosd.domain.object.Crc64;
import io.cosd.domain.object.ObjectVersion;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream that counts and CRC64s the object bytes passing through it, for the background
 * copies that read a version's bytes through user space anyway (archive transition, restore), so
 * they can compare them with the metadata at no extra read (docs/storage.md ST-I10).
 */
final class CheckedCopy extends FilterOutputStream {
    private final Crc64 crc = new Crc64();
    private long size;

    CheckedCopy(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        crc.update(b, off, len);
        size += len;
        out.write(b, off, len);
    }

    /** What differs from {@code v}'s metadata ("size: …", "crc64: …"), or null when the bytes match. */
    String mismatch(ObjectVersion v) {
        if (size != v.size()) return "size: " + size + " bytes read, " + v.size() + " recorded";
        if (v.crc64() != null && crc.value() != v.crc64()) {
            return "crc64: CRC64 " + Long.toUnsignedString(crc.value()) + " read, " + Long.toUnsignedString(v.crc64()) + " recorded";
        }
        return null;
    }
}
