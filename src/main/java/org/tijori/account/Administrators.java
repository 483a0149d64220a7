package org.tijori.account;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface Administrators extends Repository<Administrator, UUID> {

    @Query("select * from account_administrator where lower(username) = lower(:username)")
    Optional<Administrator> findByUsername(String username);

    long count();
}
