package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import io.cosd.app.Config;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.s3.S3Client;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * The {@link CosdServer} extension: one server per test class, its clients built on demand, all closed
 * after the class (clients first, then the server and its data dir). A nested class reuses the
 * enclosing class's server.
 */
final class CosdServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CosdServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Started started = context.getStore(NS).get(Started.class, Started.class); // also finds an enclosing class's
        if (started == null) {
            started = new Started(start(context.getRequiredTestClass()), context.getUniqueId());
            context.getStore(NS).put(Started.class, started);
        }
        inject(context.getRequiredTestClass(), started);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Started started = context.getStore(NS).get(Started.class, Started.class);
        if (started != null && started.owner.equals(context.getUniqueId())) {
            context.getStore(NS).remove(Started.class);
            started.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return Started.supports(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Started started = context.getStore(NS).get(Started.class, Started.class);
        if (started == null) throw new ExtensionConfigurationException("no cosd started for " + context.getDisplayName());
        return started.get(parameter.getParameter().getType());
    }

    static E2e start(Class<?> testClass) throws Exception {
        CosdServer spec = findSpec(testClass);
        if (!spec.factory().isEmpty()) {
            Method m = testClass.getDeclaredMethod(spec.factory());
            if (!Modifier.isStatic(m.getModifiers()) || !E2e.class.isAssignableFrom(m.getReturnType())) {
                throw new ExtensionConfigurationException(testClass.getSimpleName() + "." + spec.factory() + " must be a static method returning E2e");
            }
            m.setAccessible(true);
            try {
                return (E2e) m.invoke(null);
            } catch (java.lang.reflect.InvocationTargetException e) {
                // the factory's own exception, so that an aborted assumption (no PostgreSQL here) skips the class
                if (e.getCause() instanceof Exception cause) throw cause;
                throw e;
            }
        }
        return spec.lifecycleDaySeconds() > 0 ? new E2e(Config.Lifecycle.testMode(spec.lifecycleDaySeconds())) : new E2e();
    }

    private static CosdServer findSpec(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            CosdServer spec = c.getAnnotation(CosdServer.class);
            if (spec != null) return spec;
        }
        throw new ExtensionConfigurationException(testClass.getSimpleName() + " is not annotated @CosdServer");
    }

    private static void inject(Class<?> testClass, Started started) throws IllegalAccessException {
        // A subclass that runs its parent's tests on another server (PostgresE2e) fills the parent's fields.
        if (testClass.getSuperclass() != null && testClass.getSuperclass() != Object.class) inject(testClass.getSuperclass(), started);
        for (Field f : testClass.getDeclaredFields()) {
            if (!f.isAnnotationPresent(CosdServer.Inject.class)) continue;
            if (!Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers()) || !Started.supports(f.getType())) {
                throw new ExtensionConfigurationException("@Inject field " + testClass.getSimpleName() + "." + f.getName()
                        + " must be static, not final, and of type E2e, COSClient or S3Client");
            }
            f.setAccessible(true);
            f.set(null, started.get(f.getType()));
        }
    }

    /** One class's server and the clients handed out for it. */
    static final class Started implements AutoCloseable {
        final E2e env;
        final String owner;
        private COSClient cos;
        private S3Client s3;

        Started(E2e env, String owner) {
            this.env = env;
            this.owner = owner;
        }

        static boolean supports(Class<?> type) {
            return type == E2e.class || type == COSClient.class || type == S3Client.class;
        }

        synchronized Object get(Class<?> type) {
            if (type == E2e.class) return env;
            if (type == COSClient.class) return cos != null ? cos : (cos = env.cos());
            if (type == S3Client.class) return s3 != null ? s3 : (s3 = env.s3());
            throw new IllegalArgumentException(type.getName());
        }

        @Override
        public synchronized void close() throws Exception {
            try {
                if (cos != null) cos.shutdown();
                if (s3 != null) s3.close();
            } finally {
                env.close();
            }
        }
    }
}
