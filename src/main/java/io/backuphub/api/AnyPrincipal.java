package io.backuphub.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An operation any signed-in principal may call whatever its permissions (who am I, log out), or one
 * that is public by the HTTP edge's rules (the login page, the dashboard's assets).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AnyPrincipal {
}
