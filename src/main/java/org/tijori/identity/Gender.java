package org.tijori.identity;

/** Gender as the national-ID authority records it. */
public enum Gender {

    /** Male. */
    M,

    /** Female. */
    F,

    /** Transgender. */
    T
}
