package io.cosd.api.object;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cosd.api.core.Formats;
import io.cosd.api.core.Request;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.xml.Xml;
import io.cosd.api.xml.XmlProblem;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.service.ObjectService;
import io.cosd.service.RestoreService;
import io.cosd.store.meta.LifecycleRepository.Restore;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * POST Object restore (https://cloud.tencent.com/document/product/436/12633; docs/spec/semantics.md §3.8):
 * {@code <RestoreRequest><Days/><CASJobParameters><Tier/></CASJobParameters></RestoreRequest>}
 * (S3: GlacierJobParameters). 202 when started, 200 when an existing copy's expiry was extended.
 */
public final class RestoreHandler {
    static final int MAX_BODY = 16 * 1024;
    private static final Set<String> TIERS = Set.of("expedited", "standard", "bulk");

    record Job(@JsonProperty("Tier") String tier) {}

    record RestoreRequest(@JsonProperty("Days") String days,
                          @JsonProperty("CASJobParameters") Job cas,
                          @JsonProperty("GlacierJobParameters") Job glacier) {
        /** A repeated Days or Tier is refused, never resolved to one of them silently. */
        static RestoreRequest read(byte[] body) {
            return Xml.readCounted(body, RestoreRequest.class);
        }
    }

    private final ObjectService objects;
    private final RestoreService restores;

    public RestoreHandler(ObjectService objects, RestoreService restores) {
        this.objects = objects;
        this.restores = restores;
    }

    public Response restore(Request rc) {
        byte[] body = rc.readSmallBody(MAX_BODY, ErrorCode.XML_SIZE_LIMIT);
        RestoreRequest req = RestoreRequest.read(body);
        if (req.days() == null) throw XmlProblem.missing("RestoreRequest/Days");
        int days;
        try {
            days = Integer.parseInt(req.days().trim());
        } catch (NumberFormatException e) {
            throw XmlProblem.notInteger("RestoreRequest/Days", req.days().trim());
        }
        Job job = req.cas() != null ? req.cas() : req.glacier();
        // COS requires the tier (LC-R3); S3 defaults it to Standard.
        String tier = job == null || job.tier() == null ? (rc.dialect() == Dialect.S3 ? "Standard" : null) : job.tier();
        String jobElement = req.cas() != null || rc.dialect() == Dialect.COS ? "RestoreRequest/CASJobParameters/Tier" : "RestoreRequest/GlacierJobParameters/Tier";
        if (tier == null) throw XmlProblem.missing(jobElement);
        if (!TIERS.contains(tier.trim().toLowerCase(Locale.ROOT))) throw XmlProblem.notOneOf(jobElement, tier, List.of("Expedited", "Standard", "Bulk"));
        tier = RestoreService.tier(tier);
        ObjectVersion v = objects.resolve(rc.bucket(), rc.key(), rc.query().get("versionId"));
        return switch (restores.request(v, days, tier, rc.now())) {
            case STARTED -> Response.status(202).empty();
            case EXTENDED -> Response.status(200).empty();
            // LC-R4: COS says 405 RestoreNonArchiveObject, S3 403 InvalidObjectState.
            case NOT_ARCHIVED -> throw rc.dialect() == Dialect.COS ? ErrorCode.RESTORE_NON_ARCHIVE_OBJECT.exception()
                    : ErrorCode.INVALID_OBJECT_STATE.exception();
        };
    }

    /** LC-R5: {@code x-cos-restore} (and, while ongoing, {@code x-cos-restore-status}) for an archived version. */
    static Map<String, String> headers(Request rc, Restore r, Instant now) {
        Map<String, String> h = new LinkedHashMap<>();
        if (r == null) return h;
        if (r.ongoing()) {
            h.put(rc.out("restore"), "ongoing-request=\"true\"");
            h.put(rc.out("restore-status"), "tier=\"" + r.tier().toLowerCase(Locale.ROOT) + "\"; request-date=\""
                    + Formats.HTTP_DATE.format(r.requestedAt()) + "\"");
        } else if (r.expiry() != null && r.expiry().isAfter(now)) {
            h.put(rc.out("restore"), "ongoing-request=\"false\", expiry-date=\"" + Formats.HTTP_DATE.format(r.expiry()) + "\"");
        }
        return h;
    }
}
