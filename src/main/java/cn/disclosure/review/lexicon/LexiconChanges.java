package cn.disclosure.review.lexicon;

import cn.disclosure.review.fleet.ChangeSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Puts a lexicon stored on any instance in force here as soon as its notification
 * ({@code lexicon:<name>:<version>}) arrives, and re-reads all versions after the change listener
 * (re)connects. The notification is only a hint: what is put in force is what the database holds
 * ({@link LexiconService#refresh()}), so a forged or stale payload can cause a re-read, never a
 * lexicon.
 */
@ApplicationScoped
public class LexiconChanges implements ChangeSubscriber {
    @Inject
    LexiconService lexicons;

    @Override
    public String topic() {
        return LexiconService.TOPIC;
    }

    @Override
    public void changed(String detail) {
        lexicons.refresh();
    }

    @Override
    public void resync() {
        lexicons.refresh();
    }
}
