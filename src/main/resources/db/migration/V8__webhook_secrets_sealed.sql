-- Webhook secrets at rest (notify/SecretBox): the HMAC secret is kept AES-256-GCM sealed in
-- secret_sealed (key REVIEW_WEBHOOK_KEY). Rows registered before this migration still hold the plain
-- secret; the service seals them at start (notify/WebhookSecrets) and clears the plain column.
-- Exactly one of the two columns is set.
alter table webhook add column secret_sealed varchar(400);
alter table webhook alter column secret drop not null;
alter table webhook add constraint webhook_secret_one_form check ((secret is null) <> (secret_sealed is null));

-- Delivery errors are shown to the webhook's owner: they name a class of failure, never an exception
-- message or an address. Earlier rows are rewritten to the same words.
update webhook_delivery set last_error = case
        when last_error ~ '^HTTP [0-9]{3}$' then last_error
        when last_error ilike '%timeout%' or last_error ilike '%timed out%' then '超时'
        when last_error ilike '%connect%' then '连接失败'
        else '发送失败'
    end
 where last_error is not null;
