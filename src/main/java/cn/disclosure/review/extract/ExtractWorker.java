package cn.disclosure.review.extract;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * A parsing worker process (started by {@link WorkerPool}, never run inside the service): reads one
 * file or HTML body at a time with the in-process reader ({@link TikaContentExtractor}: Tika, the
 * own readers, the document-level limit) and sends back the parts and problems. OCR is not done
 * here: each page or picture is sent to the service, whose OCR engine and pool serve all workers
 * (one pool for the service, results remembered across files). A hostile file can crash, exhaust or
 * hang this process only; the service replaces it.
 *
 * <p>Arguments: {@code key=value} settings of {@code review.extract.*} (without the prefix), plus
 * {@code ocr-available} and {@code ocr-name}. Frames: {@link WorkerProtocol}. Standard output is
 * the channel and nothing else writes to it ({@code System.out} goes to standard error); nothing
 * is logged about a file's content.
 */
public final class ExtractWorker {

    /** How much longer than the per-page limit a page waits for the service's answer. */
    private static final Duration OCR_SLACK = Duration.ofSeconds(30);

    private final OutputStream channel;
    private final Map<Long, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private record Answer(byte status, String text) {
    }

    private ExtractWorker(OutputStream channel) {
        this.channel = channel;
    }

    public static void main(String[] args) throws Exception {
        OutputStream channel = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        // whatever a library prints must never reach the channel
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                settings.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        new ExtractWorker(channel).run(settings);
    }

    private void run(Map<String, String> settings) throws Exception {
        boolean ocrAvailable = Boolean.parseBoolean(settings.remove("ocr-available"));
        String ocrName = settings.getOrDefault("ocr-name", "remote");
        settings.remove("ocr-name");
        ExtractConfig config = config(settings);
        TikaContentExtractor extractor = new TikaContentExtractor(config, new RemoteOcr(ocrName, ocrAvailable));
        // load Tika's and the readers' classes before the first file
        extractor.extractFile(new SubmittedFile("warm-up.txt", "warm-up".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        extractor.extractFile(new SubmittedFile("warm-up.docx", warmUpDocx()));

        BlockingQueue<WorkerProtocol.Frame> requests = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readRequests(requests), "extract-worker-input");
        reader.setDaemon(true);
        reader.start();
        send(new WorkerProtocol.Out(WorkerProtocol.READY));
        while (true) {
            WorkerProtocol.Frame request = requests.take();
            Extraction result;
            ExtractionProgress progress = new ExtractionProgress() {
                @Override
                public void planned(int units) {
                    try {
                        send(new WorkerProtocol.Out(WorkerProtocol.PLANNED).writeInt(units));
                    } catch (IOException e) {
                        Runtime.getRuntime().halt(0);
                    }
                }

                @Override
                public void done(int units, String stage) {
                    try {
                        send(new WorkerProtocol.Out(WorkerProtocol.DONE).writeInt(units).writeString(stage));
                    } catch (IOException e) {
                        Runtime.getRuntime().halt(0);
                    }
                }
            };
            if (request.type == WorkerProtocol.FILE) {
                String name = request.readString();
                byte[] bytes = request.readBytes();
                result = extractor.extractFile(new SubmittedFile(name, bytes), progress);
            } else {
                String name = request.readString();
                String body = request.readString();
                result = extractor.extractBody(name, body, progress);
            }
            // a reading stopped at the limit may leave a thread running in a parser: retire this process
            boolean retire = result.problems().stream().anyMatch(p -> Problems.TIMEOUT.equals(p.code()));
            WorkerProtocol.Out out = new WorkerProtocol.Out(WorkerProtocol.RESULT).writeBoolean(retire);
            out.writeInt(result.parts().size());
            for (ExtractedPart part : result.parts()) {
                out.writeString(part.name()).writeByte(part.origin().ordinal()).writeString(part.text());
            }
            out.writeInt(result.problems().size());
            for (ExtractionProblem problem : result.problems()) {
                out.writeString(problem.part()).writeString(problem.code()).writeString(problem.message());
            }
            send(out);
        }
    }

    /** Requests go to the main loop, OCR answers to the page waiting for them; the end of input ends the process. */
    private void readRequests(BlockingQueue<WorkerProtocol.Frame> requests) {
        try (BufferedInputStream in = new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16)) {
            while (true) {
                WorkerProtocol.Frame frame = WorkerProtocol.read(in, Integer.MAX_VALUE - 8);
                if (frame == null) {
                    break;
                }
                if (frame.type == WorkerProtocol.OCR_ANSWER) {
                    long id = frame.readLong();
                    byte status = frame.readByte();
                    String text = frame.readString();
                    CompletableFuture<Answer> waiting = pending.remove(id);
                    if (waiting != null) {
                        waiting.complete(new Answer(status, text));
                    }
                } else if (frame.type == WorkerProtocol.FILE || frame.type == WorkerProtocol.BODY) {
                    requests.add(frame);
                } else {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the service went away or wrote garbage
        }
        Runtime.getRuntime().halt(0);
    }

    private void send(WorkerProtocol.Out frame) throws IOException {
        synchronized (channel) {
            frame.send(channel);
        }
    }

    private static ExtractConfig config(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>();
        settings.forEach((k, v) -> properties.put("review.extract." + k, v));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ExtractConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "extract-worker", 500))
                .build();
        return config.getConfigMapping(ExtractConfig.class);
    }

    /** OCR by the service: the picture's pixels go over the channel, the text comes back. */
    private final class RemoteOcr implements OcrEngine {
        private final String name;
        private final boolean available;

        RemoteOcr(String name, boolean available) {
            this.name = name;
            this.available = available;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String unavailableReason() {
            return available ? null : "unavailable in the service";
        }

        @Override
        public String recognize(BufferedImage rgb, Duration timeout) throws TimeoutException, IOException, InterruptedException {
            if (!available) {
                throw new IOException("ocr unavailable");
            }
            BufferedImage image = packed(rgb);
            byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            long id = ids.incrementAndGet();
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            pending.put(id, answer);
            try {
                send(new WorkerProtocol.Out(WorkerProtocol.OCR_REQUEST).writeLong(id)
                        .writeInt(image.getWidth()).writeInt(image.getHeight()).writeRaw(pixels));
                Answer a = answer.get(timeout.plus(OCR_SLACK).toMillis(), TimeUnit.MILLISECONDS);
                if (a.status() == WorkerProtocol.OCR_OK) {
                    return a.text();
                }
                if (a.status() == WorkerProtocol.OCR_TIMEOUT) {
                    throw new TimeoutException();
                }
                throw new IOException("ocr failed");
            } catch (java.util.concurrent.TimeoutException e) {
                throw new TimeoutException();
            } catch (ExecutionException e) {
                throw new IOException("ocr failed");
            } finally {
                pending.remove(id);
            }
        }

        @Override
        public void close() {
        }
    }

    /** The smallest Word file: loads the Word reader's and POI's classes. */
    private static byte[] warmUpDocx() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
            entry(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
            entry(zip, "word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                    + "<w:body><w:p><w:r><w:t>warm-up</w:t></w:r></w:p></w:body></w:document>");
        }
        return bytes.toByteArray();
    }

    private static void entry(java.util.zip.ZipOutputStream zip, String name, String xml) throws IOException {
        zip.putNextEntry(new java.util.zip.ZipEntry(name));
        zip.write(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** The picture as 8-bit BGR in one array of exactly width × height × 3 bytes. */
    static BufferedImage packed(BufferedImage image) {
        BufferedImage rgb = Pictures.rgb(image);
        if (rgb.getRaster().getDataBuffer() instanceof DataBufferByte data && data.getNumBanks() == 1
                && data.getData().length == rgb.getWidth() * rgb.getHeight() * 3
                && rgb.getRaster().getSampleModelTranslateX() == 0 && rgb.getRaster().getSampleModelTranslateY() == 0) {
            return rgb;
        }
        BufferedImage copy = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        copy.getGraphics().drawImage(rgb, 0, 0, null);
        return copy;
    }
}
