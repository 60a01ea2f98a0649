package cn.disclosure.review.reminder;

import cn.disclosure.review.core.Channel;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * The 保密提醒 a back-end shows: the common reminder, the rule of review before publication on the
 * publishing channels, and the channel's own (OA and 政务邮箱 included). Configured under
 * {@code review.reminders.*}.
 */
@ApplicationScoped
public class Reminders {

    @ConfigMapping(prefix = "review.reminders")
    public interface Config {
        /** First reminder of the publishing channels (website, 公众号, 微博). */
        @WithDefault("保密提醒：涉密不上网，上网不涉密。发布前须经本单位保密审查，未经审查不得公开。")
        String common();

        /** First reminder of the check-only channels (OA, 政务邮箱), where nothing is published. */
        @WithDefault("保密提醒：涉密不上网，上网不涉密。存储、处理、传输前须确认不含国家秘密、工作秘密和敏感信息。")
        String checkOnly();

        @WithDefault("门户网站发布的信息须与审批通过的稿件完全一致，附件须逐一审查，严禁上传带有密级标志或经掩盖、摘录的涉密文件。")
        String website();

        @WithDefault("微信公众号推送前须确认图文、图片、链接均已审查，图片中不得含有涉密文件、内部资料或个人信息。")
        String wechat();

        @WithDefault("政务微博发布前须确认文字、图片、视频均已审查，不得转发未经审查的内部信息。")
        String weibo();

        /** 互联网办公自动化系统: a check-and-reminder channel, nothing is published on it. */
        @WithDefault("涉密信息不得通过互联网办公自动化系统存储、处理、传输；拟上传、流转的文件资料须先确认不含国家秘密，标有密级或“内部”“工作秘密”的文件不得上传。")
        String oa();

        /** 政务邮箱 / 互联网电子邮箱: a check-and-reminder channel (the mail gate, deploy/mail). */
        @WithDefault("涉密信息不得通过政务邮箱或其他互联网电子邮箱存储、处理、传输；发送前须确认正文和附件不含国家秘密、工作秘密和敏感信息。")
        String email();
    }

    @Inject
    Config config;

    public List<String> forChannel(Channel channel) {
        List<String> out = new ArrayList<>();
        out.add(channel.publishing ? config.common() : config.checkOnly());
        out.add(switch (channel) {
            case WEBSITE -> config.website();
            case WECHAT -> config.wechat();
            case WEIBO -> config.weibo();
            case OA -> config.oa();
            case EMAIL -> config.email();
        });
        return out;
    }
}
