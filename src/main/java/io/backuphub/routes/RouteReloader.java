package io.backuphub.routes;

import io.backuphub.common.HubException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.jboss.logging.Logger;

/**
 * Redeploys one route from its YAML file while the hub runs, with Camel's own route-loading API
 * (RoutesLoader -> RoutesBuilder.updateRoutesToCamelContext). A file that does not parse, names a
 * different route, or fails to start leaves the running route as it was, and the reason is returned.
 */
@ApplicationScoped
public class RouteReloader {

    private static final Logger LOG = Logger.getLogger(RouteReloader.class);
    public static final String SUFFIX = ".camel.yaml";
    public static final Pattern ROUTE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** A route as the API shows it. */
    public record RouteInfo(String id, String status, String source, long exchangesTotal, long exchangesFailed) {
    }

    private final CamelContext camel;
    private final Path dir;

    public RouteReloader(CamelContext camel, RoutesProperties config) {
        this.camel = camel;
        this.dir = config.dir();
    }

    public Path dir() {
        return dir;
    }

    public List<RouteInfo> list() {
        return camel.getRoutes().stream()
                .map(this::info)
                .sorted(Comparator.comparing(RouteInfo::id))
                .toList();
    }

    private RouteInfo info(Route route) {
        ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
        long total = 0;
        long failed = 0;
        var mbean = camel.getCamelContextExtension()
                .getContextPlugin(org.apache.camel.api.management.ManagedCamelContext.class);
        if (mbean != null && mbean.getManagedRoute(route.getRouteId()) != null) {
            total = mbean.getManagedRoute(route.getRouteId()).getExchangesTotal();
            failed = mbean.getManagedRoute(route.getRouteId()).getExchangesFailed();
        }
        String source = route.getSourceResource() == null ? null : route.getSourceResource().getLocation();
        return new RouteInfo(route.getRouteId(), status == null ? "unknown" : status.name().toLowerCase(), source,
                total, failed);
    }

    /**
     * Reloads {@code routes/<routeId>.camel.yaml}. Throws {@link RouteReloadException} with the reason
     * when the file is missing or broken; the running route is then untouched (or restored).
     */
    public synchronized RouteInfo reload(String routeId) {
        if (!ROUTE_ID.matcher(routeId).matches()) {
            throw HubException.invalid("route id must match " + ROUTE_ID.pattern());
        }
        Path file = dir.resolve(routeId + SUFFIX);
        if (!Files.isRegularFile(file)) {
            throw new RouteReloadException(routeId, "no file " + file + " (route id = file name stem)", true);
        }
        Resource resource = PluginHelper.getResourceLoader(camel).resolveResource("file:" + file.toAbsolutePath());
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition running = model.getRouteDefinition(routeId);
        try {
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(List.of(resource))) {
                apply(routeId, builder, model);
            }
        } catch (Exception e) {
            restore(routeId, running, model);
            String reason = rootMessage(e);
            LOG.errorf("route %s not reloaded from %s, the running route stays: %s", routeId, file, reason);
            throw new RouteReloadException(routeId, reason, false);
        }
        LOG.infof("route %s reloaded from %s", routeId, file);
        Route route = camel.getRoute(routeId);
        return route == null ? new RouteInfo(routeId, "configuration", file.toString(), 0, 0) : info(route);
    }

    private void apply(String routeId, RoutesBuilder builder, Model model) throws Exception {
        boolean hasConfigurations = false;
        if (builder instanceof RouteConfigurationsBuilder configurations) {
            int before = model.getRouteConfigurationDefinitions().size();
            configurations.updateRouteConfigurationsToCamelContext(camel);
            hasConfigurations = model.getRouteConfigurationDefinitions().stream()
                    .anyMatch(c -> routeId.equals(c.getId()))
                    || model.getRouteConfigurationDefinitions().size() != before;
        }
        if (builder instanceof RouteBuilder routes) {
            List<RouteDefinition> defined = routes.configureRoutes(camel).getRoutes();
            Set<String> ids = defined.stream().map(RouteDefinition::getRouteId).collect(Collectors.toSet());
            if (defined.isEmpty() && hasConfigurations) {
                reapplyRoutesUsing(routeId, model);
                return;
            }
            if (!ids.equals(Set.of(routeId))) {
                throw new IllegalArgumentException("the file must define exactly the route " + routeId
                        + " (route id = file name stem), it defines " + ids);
            }
        }
        builder.updateRoutesToCamelContext(camel);
        if (!camel.getRouteController().getRouteStatus(routeId).isStarted()) {
            throw new IllegalStateException("route " + routeId + " did not start");
        }
    }

    /** Routes take their route configuration when built: rebuild those that use the reloaded one. */
    private void reapplyRoutesUsing(String configurationId, Model model) throws Exception {
        List<RouteDefinition> users = new ArrayList<>();
        for (RouteDefinition def : model.getRouteDefinitions()) {
            String ids = def.getRouteConfigurationId();
            if (ids != null && List.of(ids.split(",")).contains(configurationId)) {
                users.add(def);
            }
        }
        for (RouteDefinition def : users) {
            model.addRouteDefinition(def);
        }
    }

    /** Puts the previous definition back if the route is gone or not running after a failed reload. */
    private void restore(String routeId, RouteDefinition previous, Model model) {
        if (previous == null) {
            return;
        }
        var status = camel.getRouteController().getRouteStatus(routeId);
        if (status != null && status.isStarted() && model.getRouteDefinition(routeId) == previous) {
            return;
        }
        try {
            model.addRouteDefinition(previous);
            LOG.warnf("route %s restored to its previous definition", routeId);
        } catch (Exception e) {
            LOG.errorf(e, "route %s could not be restored: %s", routeId, e.getMessage());
        }
    }

    static String rootMessage(Throwable e) {
        StringBuilder out = new StringBuilder();
        Throwable t = e;
        String last = null;
        while (t != null) {
            String m = t.getMessage();
            if (m != null && !m.equals(last) && (last == null || !last.contains(m))) {
                out.append(out.isEmpty() ? "" : " <- ").append(m.strip());
                last = m;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return out.isEmpty() ? e.getClass().getSimpleName() : out.toString();
    }
}
