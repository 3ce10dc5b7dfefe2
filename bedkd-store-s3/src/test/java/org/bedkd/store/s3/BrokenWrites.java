package org.bedkd.store.s3;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Breaks conditional PUTs ({@code If-None-Match: *}) on the client's side, the way a real server and network do now
 * and then: before the request reaches the server (S3Proxy refusing a taken name before it has read the body, then
 * closing the connection: "Error writing request body to server"), or after the server has stored it (the answer
 * lost). Every other request goes through untouched.
 */
final class BrokenWrites implements ExecutionInterceptor {

    volatile boolean beforeServer;
    volatile boolean afterServer;

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (beforeServer && conditionalPut(context)) {
            throw SdkClientException.create("Error writing request body to server (injected)");
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (afterServer && conditionalPut(context)) {
            throw SdkClientException.create("the answer was lost (injected)");
        }
    }

    private static boolean conditionalPut(Context.BeforeTransmission context) {
        return context.request() instanceof PutObjectRequest put && put.ifNoneMatch() != null;
    }
}
