package cn.disclosure.review.extract;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;

/**
 * Misbehaving worker programs for the tests of {@link WorkerPool} itself (not of a parser): each
 * starts like a worker, then breaks the protocol in its own way when a file comes.
 * Argument: {@code deaf} (never answers, ignores everything), {@code garbage} (answers with a frame
 * claiming 2 GB), {@code mute} (ends before it is ready).
 */
public final class TestWorkers {

    private TestWorkers() {
    }

    public static void main(String[] args) throws Exception {
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out));
        if ("mute".equals(args[0])) {
            System.err.println("mute worker: ends before it is ready");
            System.exit(1);
        }
        new WorkerProtocol.Out(WorkerProtocol.READY).send(out);
        BufferedInputStream in = new BufferedInputStream(new FileInputStream(FileDescriptor.in));
        WorkerProtocol.Frame request = WorkerProtocol.read(in, Integer.MAX_VALUE - 8);
        if (request == null) {
            return;
        }
        if ("garbage".equals(args[0])) {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(Integer.MAX_VALUE);
            data.writeByte(WorkerProtocol.RESULT);
            data.flush();
        }
        while (true) {
            Thread.sleep(1000);
        }
    }
}
