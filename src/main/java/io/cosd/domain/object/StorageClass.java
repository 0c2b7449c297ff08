package io.cosd.domain.object;

import java.util.Locale;
import java.util.Optional;

/**
 * COS storage classes. Names arrive in any case (the Java SDK sends {@code Standard_IA}); they are
 * stored and emitted canonically (upper case).
 */
public enum StorageClass {
    STANDARD, STANDARD_IA, INTELLIGENT_TIERING, ARCHIVE, DEEP_ARCHIVE,
    MAZ_STANDARD, MAZ_STANDARD_IA, MAZ_INTELLIGENT_TIERING, MAZ_ARCHIVE, MAZ_DEEP_ARCHIVE;

    public static Optional<StorageClass> parse(String s) {
        if (s == null) return Optional.empty();
        try {
            return Optional.of(valueOf(s.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean isArchive() {
        return this == ARCHIVE || this == DEEP_ARCHIVE || this == MAZ_ARCHIVE || this == MAZ_DEEP_ARCHIVE;
    }
}
