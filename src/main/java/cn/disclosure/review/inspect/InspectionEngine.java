package cn.disclosure.review.inspect;

/** Inspects a submission; every revision of a draft and every check call goes through it. */
public interface InspectionEngine {
    InspectionResult inspect(InspectionRequest request);
}
