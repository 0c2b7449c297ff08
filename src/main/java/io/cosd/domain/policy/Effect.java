package io.cosd.domain.policy;

/** A statement's effect (POL-C3: COS spells it case-insensitively, {@code allow}/{@code Deny}). */
public enum Effect { ALLOW, DENY }
