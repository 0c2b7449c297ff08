package io.cosd.store.meta;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole {@link MetadataStore} contract. A backend's test class implements this interface and
 * {@link #store()} (a fresh store per test); every {@code @Test default} method then runs against it.
 */
public interface MetadataStoreContract extends IdentityContract, BucketContract, ObjectContract, UploadContract, CheckpointContract,
        ReplicationOutboxContract, OutboxBucketRowContract, LifecycleContract, ConditionalWriteContract, ObjectLockContract, KmsKeyContract,
        LeaseContract, BucketIncarnationContract, BucketIncarnationReadContract {
    @Test
    default void theStoreDescribesItsEngine() {
        assertThat(store().describe()).isNotBlank();
    }
}
