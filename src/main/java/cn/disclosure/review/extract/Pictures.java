package cn.disclosure.review.extract;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Pictures on their way to OCR: decoded from a file's bytes within a pixel budget (a picture that
 * claims 100,000 × 100,000 pixels is read subsampled, never allocated whole), flattened onto white
 * (transparent text stays legible), turned into the raw forms the engines read, and fingerprinted
 * by their pixels so the same picture is recognised once.
 */
final class Pictures {

    private Pictures() {
    }

    /** The first frame of an image file, subsampled to at most {@code maxPixels}; null when Java cannot decode it. */
    static BufferedImage decode(byte[] bytes, long maxPixels) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            if (in == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = subsampling(width, height, maxPixels);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Every how many pixels one is read so that {@code width × height} fits {@code maxPixels}. */
    static int subsampling(long width, long height, long maxPixels) {
        if (width <= 0 || height <= 0 || width * height <= maxPixels) {
            return 1;
        }
        return (int) Math.ceil(Math.sqrt((double) width * height / maxPixels));
    }

    /** The picture as 8-bit RGB on white (alpha flattened). */
    static BufferedImage rgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        draw(image, out);
        return out;
    }

    /** The picture as 8-bit grey on white (alpha flattened). */
    static BufferedImage gray(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        draw(image, out);
        return out;
    }

    private static void draw(BufferedImage image, BufferedImage out) {
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
    }

    /** Binary PGM (P5) of an 8-bit grey picture: what Tesseract (Leptonica) reads from standard input. */
    static byte[] pgm(BufferedImage gray) {
        byte[] header = ("P5\n" + gray.getWidth() + " " + gray.getHeight() + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] pixels = packed(gray, 1);
        byte[] out = new byte[header.length + pixels.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(pixels, 0, out, header.length, pixels.length);
        return out;
    }

    /** A 24-bit uncompressed BMP of an RGB picture (bottom-up rows, 4-byte aligned): what OpenCV reads for RapidOCR. */
    static byte[] bmp(BufferedImage rgb) {
        int width = rgb.getWidth();
        int height = rgb.getHeight();
        int rowBytes = (width * 3 + 3) & ~3;
        int size = 54 + rowBytes * height;
        ByteBuffer out = ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 'B').put((byte) 'M').putInt(size).putInt(0).putInt(54);
        out.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).putInt(0)
                .putInt(rowBytes * height).putInt(11811).putInt(11811).putInt(0).putInt(0);
        byte[] bgr = packed(rgb, 3);
        byte[] pad = new byte[rowBytes - width * 3];
        for (int y = height - 1; y >= 0; y--) {
            out.put(bgr, y * width * 3, width * 3).put(pad);
        }
        return out.array();
    }

    /** The pixels row by row without padding ({@code channels} bytes each: grey, or B G R). */
    private static byte[] packed(BufferedImage image, int channels) {
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int expected = image.getWidth() * image.getHeight() * channels;
        if (data.length == expected && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0) {
            return data;
        }
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), image.getType());
        copy.getGraphics().drawImage(image, 0, 0, null);
        return ((DataBufferByte) copy.getRaster().getDataBuffer()).getData();
    }

    /** SHA-256 of a picture's size and RGB pixels: equal for the same picture however it was stored. */
    static String fingerprint(BufferedImage rgb) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(8).putInt(rgb.getWidth()).putInt(rgb.getHeight()).array());
            sha.update(packed(rgb, 3));
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
