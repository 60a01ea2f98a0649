package cn.disclosure.review.inspect;

import cn.disclosure.review.extract.ExtractedPart;

import java.util.List;

/** Inspects a submission; every revision of a draft and every check call goes through it. */
public interface InspectionEngine {

    /** The verdict and findings of a submission. */
    default InspectionResult inspect(InspectionRequest request) {
        return inspectFully(request, InspectionProgress.NONE).result();
    }

    /**
     * The verdict and findings together with the parts they were found in (the text the findings'
     * offsets refer to), reporting progress as it goes: what a background worker stores with a revision.
     */
    Inspection inspectFully(InspectionRequest request, InspectionProgress progress);

    /**
     * The result for a submission that could not be inspected at all (the worker gave up after
     * repeated failures): one UNREADABLE finding, weighed as the policy weighs what cannot be read —
     * never a pass.
     */
    Inspection unreadable(String code, String message);

    /**
     * The findings of the text recognizers, with the lexicons in force now, over parts that were
     * extracted and stored earlier (no file is read again): what a rescan of published items confirms with.
     */
    List<Finding> inspectStoredParts(List<ExtractedPart> parts);

    /** A complete inspection: the result and every extracted part. */
    record Inspection(InspectionResult result, List<ExtractedPart> parts) {
    }
}
