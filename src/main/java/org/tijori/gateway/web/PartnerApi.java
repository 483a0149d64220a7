package org.tijori.gateway.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller of DigiLocker's partner API, whose errors {@link PartnerExceptionHandler} answers with
 * DigiLocker's body. The gateway's own JSON APIs (requester registration and administration) are not marked: they
 * answer problem details as every Tijori API does.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@interface PartnerApi {
}
