package io.cosd.api;

import io.cosd.api.bucket.BucketHandler;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.object.CopyHandler;
import io.cosd.api.object.DeleteObjectsHandler;
import io.cosd.api.object.ListHandler;
import io.cosd.api.object.ObjectHandler;
import io.cosd.api.policy.PolicyHandler;

/**
 * The one exhaustive switch: no default, so a new {@link io.cosd.api.route.Operation} does not
 * compile until it has a handler (or is explicitly 501 until its issue lands).
 */
public final class Dispatcher {
    private final BucketHandler buckets;
    private final ObjectHandler objects;
    private final ListHandler lists;
    private final CopyHandler copies;
    private final DeleteObjectsHandler multiDelete;
    private final PolicyHandler policies;

    public Dispatcher(BucketHandler buckets, ObjectHandler objects, ListHandler lists, CopyHandler copies, DeleteObjectsHandler multiDelete,
                      PolicyHandler policies) {
        this.policies = policies;
        this.buckets = buckets;
        this.objects = objects;
        this.lists = lists;
        this.copies = copies;
        this.multiDelete = multiDelete;
    }

    Response dispatch(RequestContext rc) {
        return switch (rc.operation) {
            case LIST_BUCKETS -> buckets.listBuckets(rc);
            case CREATE_BUCKET -> buckets.create(rc);
            case HEAD_BUCKET -> buckets.head(rc);
            case DELETE_BUCKET -> buckets.delete(rc);
            case GET_BUCKET_LOCATION -> buckets.location(rc);
            case LIST_OBJECTS -> lists.listV1(rc);
            case LIST_OBJECTS_V2 -> lists.listV2(rc);
            case DELETE_OBJECTS -> multiDelete.delete(rc);
            case PUT_OBJECT -> objects.put(rc);
            case COPY_OBJECT -> copies.copy(rc);
            case GET_OBJECT -> objects.get(rc);
            case HEAD_OBJECT -> objects.head(rc);
            case DELETE_OBJECT -> objects.delete(rc);
            case GET_BUCKET_POLICY -> policies.get(rc);
            case PUT_BUCKET_POLICY -> policies.put(rc);
            case DELETE_BUCKET_POLICY -> policies.delete(rc);
            case LIST_OBJECT_VERSIONS, GET_BUCKET_CORS, PUT_BUCKET_CORS, DELETE_BUCKET_CORS, GET_BUCKET_LIFECYCLE,
                 PUT_BUCKET_LIFECYCLE, DELETE_BUCKET_LIFECYCLE, GET_BUCKET_VERSIONING, PUT_BUCKET_VERSIONING,
                 GET_BUCKET_REPLICATION, PUT_BUCKET_REPLICATION, DELETE_BUCKET_REPLICATION,
                 LIST_MULTIPART_UPLOADS, OPTIONS_OBJECT, GET_OBJECT_TAGGING,
                 PUT_OBJECT_TAGGING, DELETE_OBJECT_TAGGING, RESTORE_OBJECT, INITIATE_MULTIPART_UPLOAD, UPLOAD_PART,
                 UPLOAD_PART_COPY, COMPLETE_MULTIPART_UPLOAD, ABORT_MULTIPART_UPLOAD, LIST_PARTS,
                 UNSUPPORTED_SUBRESOURCE -> throw ErrorCode.NOT_IMPLEMENTED.exception();
        };
    }
}
