package cn.disclosure.review.extract;

/**
 * The problem codes of the extraction and their messages for the editor (each says what to do).
 * {@code part} is the file (or the place in it) that could not be read fully.
 */
final class Problems {

    static final String ENCRYPTED = "encrypted";
    static final String CORRUPT = "corrupt";
    static final String UNSUPPORTED = "unsupported";
    static final String EMPTY = "empty";
    static final String TOO_LARGE = "too-large";
    static final String TOO_LONG = "too-long";
    static final String ZIP_BOMB = "zip-bomb";
    static final String TOO_DEEP = "too-deep";
    static final String TOO_MANY_EMBEDDED = "too-many-embedded";
    static final String OCR_UNAVAILABLE = "ocr-unavailable";
    static final String OCR_FAILED = "ocr-failed";
    static final String OCR_TIMEOUT = "ocr-timeout";
    static final String TIMEOUT = "timeout";
    static final String BUSY = "busy";
    static final String WORKER_FAILED = "worker-failed";
    static final String WORKER_MEMORY = "worker-memory";

    private Problems() {
    }

    static ExtractionProblem encrypted(String part) {
        return new ExtractionProblem(part, ENCRYPTED,
                "「" + part + "」已加密（设有打开密码或加密保护），无法检查其内容。请解除加密，提交未加密的文件。");
    }

    static ExtractionProblem corrupt(String part) {
        return new ExtractionProblem(part, CORRUPT,
                "「" + part + "」已损坏、不完整或内容与文件类型不符，无法完整读取。请用原软件重新打开并另存后再提交。");
    }

    static ExtractionProblem unsupported(String part, String type) {
        return new ExtractionProblem(part, UNSUPPORTED,
                "「" + part + "」的文件类型（" + type + "）无法自动检查内容。请转换为 Word、Excel、PDF 或文本格式后提交，或交保密审查人员人工审查。");
    }

    static ExtractionProblem empty(String part) {
        return new ExtractionProblem(part, EMPTY,
                "「" + part + "」是空文件（0 字节），没有可检查的内容。请确认上传了正确的文件。");
    }

    static ExtractionProblem tooLarge(String part, long maxBytes) {
        return new ExtractionProblem(part, TOO_LARGE,
                "「" + part + "」超过 " + megabytes(maxBytes) + " 的大小上限，未检查。请压缩图片或拆分文件后分别提交。");
    }

    static ExtractionProblem tooLong(String part, int maxChars) {
        return new ExtractionProblem(part, TOO_LONG,
                "「" + part + "」的文字超过 " + maxChars + " 字的上限，只检查了前面部分。请拆分文件后分别提交。");
    }

    static ExtractionProblem zipBomb(String part) {
        return new ExtractionProblem(part, ZIP_BOMB,
                "「" + part + "」解压后的数据量异常（疑似压缩炸弹），已停止读取。请核实文件来源，提交正常的文件。");
    }

    static ExtractionProblem tooDeep(String part, int maxDepth) {
        return new ExtractionProblem(part, TOO_DEEP,
                "「" + part + "」的内嵌文件超过 " + maxDepth + " 层，更深的内容未检查。请将内嵌的文件取出后单独提交。");
    }

    static ExtractionProblem tooManyEmbedded(String part, int maxCount) {
        return new ExtractionProblem(part, TOO_MANY_EMBEDDED,
                "「" + part + "」包含的内嵌文件超过 " + maxCount + " 个，其余未检查。请拆分后分别提交。");
    }

    static ExtractionProblem ocrUnavailable(String part, String what) {
        return new ExtractionProblem(part, OCR_UNAVAILABLE,
                "「" + part + "」" + what + "，但本系统未启用文字识别（OCR），其中的文字未能检查。请提供文字版本，或交保密审查人员人工核对图片内容。");
    }

    static ExtractionProblem ocrFailed(String part, String what) {
        return new ExtractionProblem(part, OCR_FAILED,
                "「" + part + "」" + what + "，文字识别（OCR）未能完成，其中的文字未能检查。请提供文字版本，或交保密审查人员人工核对图片内容。");
    }

    /** {@code label} says where, e.g. 「扫描件.pdf」第 7 页 or 图片「带图.docx/image1.png」. */
    static ExtractionProblem ocrFailedAt(String part, String label) {
        return new ExtractionProblem(part, OCR_FAILED,
                label + "的文字识别（OCR）未能完成，其中的文字未能检查。请提供文字版本，或交保密审查人员人工核对。");
    }

    /** One page or picture took longer than the per-page limit; {@code label} as in {@link #ocrFailedAt}. */
    static ExtractionProblem ocrTimeout(String part, String label, java.time.Duration limit) {
        return new ExtractionProblem(part, OCR_TIMEOUT,
                label + "的文字识别（OCR）超过 " + took(limit) + "仍未完成，已停止，其中的文字未能检查。请提供文字版本或更清晰的扫描件，或交保密审查人员人工核对。");
    }

    static ExtractionProblem timeout(String part, java.time.Duration limit) {
        return new ExtractionProblem(part, TIMEOUT,
                "读取「" + part + "」超过 " + took(limit) + "仍未完成，已停止，部分内容未检查。请拆分或简化文件（例如减少扫描页）后重新提交。");
    }

    static ExtractionProblem busy(String part) {
        return new ExtractionProblem(part, BUSY,
                "系统正忙，暂时无法读取「" + part + "」，内容未检查。请稍后重新提交。");
    }

    /** The worker process reading the file ended without an answer (crash, exit, garbage on its channel). */
    static ExtractionProblem workerFailed(String part) {
        return new ExtractionProblem(part, WORKER_FAILED,
                "读取「" + part + "」时解析进程意外终止（文件可能已损坏或经过特殊构造），内容未检查。请用原软件重新打开并另存后再提交，或交保密审查人员人工审查。");
    }

    /** The worker process reading the file ran out of its memory limit. */
    static ExtractionProblem workerMemory(String part, String maxHeap) {
        return new ExtractionProblem(part, WORKER_MEMORY,
                "读取「" + part + "」所需内存超过解析进程的上限（" + maxHeap + "），已停止，内容未检查。请拆分或简化文件后重新提交，或交保密审查人员人工审查。");
    }

    /** A limit for a message: "5 秒", "10 分钟", "200 毫秒". */
    static String took(java.time.Duration limit) {
        long ms = limit.toMillis();
        if (ms < 1000) {
            return ms + " 毫秒";
        }
        if (ms % 60_000 == 0) {
            return (ms / 60_000) + " 分钟";
        }
        return limit.toSeconds() + " 秒";
    }

    private static String megabytes(long bytes) {
        return bytes >= 1024 * 1024 ? (bytes / (1024 * 1024)) + " MB" : bytes + " 字节";
    }
}
