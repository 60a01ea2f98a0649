package cn.disclosure.review.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** rest-assured requests signed in as one of the demo accounts. */
public final class Accounts {
    private Accounts() {
    }

    public static RequestSpecification as(String user) {
        return RestAssured.given().auth().preemptive().basic(user, user);
    }

    public static RequestSpecification anonymous() {
        return RestAssured.given();
    }
}
