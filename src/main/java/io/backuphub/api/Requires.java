package io.backuphub.api;

import io.backuphub.auth.Permission;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission an operation needs ({@link PermissionCheck} refuses it with 403 otherwise). Every
 * operation declares one, or {@link AnyPrincipal}: an operation that declares neither is refused to
 * everyone, so a new endpoint cannot be open by omission.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requires {

    Permission value();
}
