package io.backuphub.ops;

import io.backuphub.audit.AuditRepository;
import io.backuphub.audit.Denials;
import io.quarkus.arc.Arc;
import java.util.Set;
import javax.management.ObjectName;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;

/**
 * What Hawtio's Jolokia agent may do for an admin: watch the routes live, and start, stop, suspend
 * and resume them. An allow-list, because the JVM's MBeans are a back door otherwise (Camel's
 * context sends a message to any endpoint, {@code class:java.lang.System?method=getenv} included;
 * a flight recording holds every environment variable; the diagnostic command loads agents; logging
 * levels can be raised until a secret is logged):
 * <ul>
 *   <li>reads of Camel's MBeans, the JVM's memory, threads, pools, collectors, classes, compiler and
 *       operating system, the runtime's name, version and uptime (not its arguments or system
 *       properties, where secrets are passed), and Hawtio's and Jolokia's own;</li>
 *   <li>operations that only render what is there: Camel's {@code dump*} (routes and their
 *       statistics), thread dumps, Hawtio's MBean tree and its can-invoke questions;</li>
 *   <li>route control on Camel's routes, each call audited with the caller;</li>
 *   <li>nothing else: no attribute is ever written, no notification subscribed, every other
 *       operation refused and counted with the refused requests ({@link Denials}).</li>
 * </ul>
 * MBeans of which nothing may be read are hidden from {@code list} and {@code search}. Who may reach
 * the agent at all is the HTTP edge's to decide (admins only); cross-site requests never get this far.
 */
public class JolokiaPolicy implements Restrictor {

    /** What an admin may do to a route from Hawtio: audited one by one. */
    static final Set<String> ROUTE_CONTROL = Set.of("start", "stop", "suspend", "resume");
    private static final Set<String> JVM_TYPES = Set.of("Memory", "MemoryPool", "GarbageCollector", "MemoryManager",
            "Threading", "OperatingSystem", "ClassLoading", "Compilation");
    private static final Set<String> RUNTIME_ATTRIBUTES = Set.of("Name", "Pid", "VmName", "VmVendor", "VmVersion",
            "SpecName", "SpecVendor", "SpecVersion", "ManagementSpecVersion", "StartTime", "Uptime");
    private static final Set<String> THREAD_DUMPS = Set.of("dumpAllThreads", "findDeadlockedThreads",
            "findMonitorDeadlockedThreads", "getThreadInfo", "getThreadCpuTime", "getThreadUserTime");
    /** Camel endpoints as configured, options included: their masked forms (EndpointBaseUri, names) are readable. */
    private static final String RAW_ENDPOINT_URI = "EndpointUri";
    private static final String CAMEL = "org.apache.camel";

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.POST;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return switch (type) {
            case READ, LIST, SEARCH, VERSION, EXEC -> true;
            case WRITE, NOTIFICATION -> false;
        };
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return readable(name, attribute);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        refused("jmx.write", name, attribute);
        return false;
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        String op = operationName(operation);
        if (routeControl(name, op)) {
            audited(name, op);
            return true;
        }
        if (rendersOnly(name, op)) {
            return true;
        }
        refused("jmx.exec", name, op);
        return false;
    }

    /** Access control is the HTTP edge's: every request here passed it. */
    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return true;
    }

    /**
     * Strict origin checks passed the edge already ({@code http.CrossSiteCheck}); CORS is never granted,
     * so no other site's page can read an answer.
     */
    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        return onlyWhenStrictCheckingIsEnabled;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return !visible(name);
    }

    /** Behind a TLS proxy the agent sees http while the page is https; the edge has judged the origin. */
    @Override
    public boolean ignoreScheme() {
        return true;
    }

    static boolean readable(ObjectName name, String attribute) {
        String domain = name.getDomain();
        String type = name.getKeyProperty("type");
        return switch (domain) {
            case CAMEL -> !RAW_ENDPOINT_URI.equals(attribute) || "routes".equals(type);
            case "java.lang" ->
                JVM_TYPES.contains(type) || "Runtime".equals(type) && RUNTIME_ATTRIBUTES.contains(attribute);
            case "java.nio" -> "BufferPool".equals(type);
            case "JMImplementation", "hawtio", "jolokia" -> true;
            default -> false;
        };
    }

    private static boolean visible(ObjectName name) {
        return switch (name.getDomain()) {
            case CAMEL, "JMImplementation", "hawtio", "jolokia" -> true;
            case "java.lang" -> JVM_TYPES.contains(name.getKeyProperty("type"))
                    || "Runtime".equals(name.getKeyProperty("type"));
            case "java.nio" -> "BufferPool".equals(name.getKeyProperty("type"));
            default -> false;
        };
    }

    static boolean routeControl(ObjectName name, String op) {
        return CAMEL.equals(name.getDomain()) && "routes".equals(name.getKeyProperty("type"))
                && ROUTE_CONTROL.contains(op);
    }

    static boolean rendersOnly(ObjectName name, String op) {
        String type = name.getKeyProperty("type");
        return switch (name.getDomain()) {
            case CAMEL -> op.startsWith("dump");
            case "java.lang" -> "Threading".equals(type) && THREAD_DUMPS.contains(op);
            case "hawtio" -> "security".equals(type)
                    && ("RBACRegistry".equals(name.getKeyProperty("name")) && "list".equals(op)
                            || "jmx".equals(name.getKeyProperty("area")) && "canInvoke".equals(op));
            default -> false;
        };
    }

    /** "stop(java.lang.String)" names the operation stop. */
    static String operationName(String operation) {
        int paren = operation == null ? -1 : operation.indexOf('(');
        return operation == null ? "" : paren < 0 ? operation.strip() : operation.substring(0, paren).strip();
    }

    private static void audited(ObjectName name, String op) {
        JolokiaCallers.Caller caller = JolokiaCallers.current();
        Arc.container().instance(AuditRepository.class).get().record(caller.name(), "route." + op,
                "route/" + ObjectName.unquote(quoted(name.getKeyProperty("name"))), caller.source(), "accepted",
                "from Hawtio (JMX " + name.getCanonicalName() + ")");
    }

    private static void refused(String action, ObjectName name, String what) {
        JolokiaCallers.Caller caller = JolokiaCallers.current();
        Arc.container().instance(Denials.class).get().count(caller.source(), caller.name(), action,
                name.getCanonicalName() + " " + what, "not allowed to Hawtio (ops.JolokiaPolicy)");
    }

    /** Camel quotes its route names in object names ("\"run-backup\""); ObjectName.unquote wants quotes. */
    private static String quoted(String value) {
        return value == null ? "\"\"" : value.startsWith("\"") ? value : "\"" + value + "\"";
    }
}
